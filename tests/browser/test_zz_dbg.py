from tests.browser.conftest import settle
from dashboard import reads

def test_dbg(page, server, browser_db_url):
    year = reads.available_years(browser_db_url, reads.release_stamp(browser_db_url))[-1]
    page.goto(f"{server}/hearing?region=360000&year={year}&lang=zh&present=1")
    settle(page)
    page.evaluate("window.__log = []; document.addEventListener('keydown', e => window.__log.push([e.key, (e.target||{}).tagName, e.defaultPrevented]))")
    page.locator(".hearing-screen h1").click()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)
    print("LOG", page.evaluate("JSON.stringify(window.__log)"), page.url)
    print("FOUND", page.evaluate("""() => { const link = Array.from(document.querySelectorAll('a[href]')).find((a) => {
        const u = new URL(a.getAttribute('href'), window.location.href);
        return u.pathname.endsWith('/hearing') && u.searchParams.get('step') === '1'}); return link ? link.outerHTML.slice(0,200) : null; }"""))
    page.wait_for_timeout(3000)
    print("URL", page.url)
