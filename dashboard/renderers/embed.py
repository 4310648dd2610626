"""The embed document: one chart alone as a small, self-contained HTML page.

Why plain HTML and not a Streamlit page: an article with an embedded chart may be read
100,000 times in an hour; each reader must cost a cache hit, not a websocket session
and a script run. So an embed is rendered once per (release, chart, parameters) into
a static document: the chart, its title, the source line (publisher, release, data
date), the demonstration-data mark where it applies, a link to the full view, download
links, and the chart's table for readers without JavaScript and for screen readers.

The chart's JavaScript comes from this application's own versioned static route (or is
inlined for the offline file), never from a CDN. Everything placed into the page from
data or from the URL is HTML-escaped; the figure is JSON in a ``<script
type="application/json">`` block with ``<`` escaped, so no published text can become
markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.core.i18n import t

_CSS = """
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC",
"Microsoft YaHei",system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;
background:#fff;font-size:15px;line-height:1.5;min-width:300px}
main{padding:12px 14px}
h1{font-size:1.1rem;margin:0 0 6px;font-weight:700}
.chart{width:100%;min-height:280px}
.chart svg{max-width:100%;height:auto;max-height:80vh}
figure{margin:0}
figcaption,.meta{font-size:.82rem;color:#444}
.demo{display:inline-block;background:#fff3cd;color:#5c4400;border:1px solid #e0c060;
padding:1px 6px;border-radius:3px;font-size:.8rem;margin:4px 0}
.actions{display:flex;flex-wrap:wrap;gap:6px 12px;margin:6px 0 0;padding:0;list-style:none}
.actions a,.actions button{font:inherit;font-size:.82rem;color:#0b57a4;background:none;
border:0;padding:0;cursor:pointer;text-decoration:underline}
details{margin-top:6px}
summary{cursor:pointer;font-size:.85rem;color:#0b57a4}
table{border-collapse:collapse;font-size:.82rem;margin-top:6px;width:auto;min-width:100%}
caption{text-align:left;font-weight:600;padding:2px 0}
caption .summary{display:block;font-weight:400}
p.summary{margin:0 0 6px}
th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top;
min-width:4.5em;overflow-wrap:normal;word-break:normal}
th:first-child,td:first-child{min-width:7em}
th{white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px}
.card{border:1px solid #ddd;border-radius:6px;padding:8px}
.card .label{font-size:.8rem;color:#444}
.card .value{font-size:1.25rem;font-weight:700}
.card .vs{font-size:.78rem;color:#444}
.newer{background:#e8f1fb;border:1px solid #9cc3ea;padding:4px 8px;font-size:.82rem;
margin:0 0 6px}
"""


@dataclass(frozen=True)
class EmbedLink:
    """A download or action link of the embed (label already in the page's language)."""

    label: str
    href: str
    download: bool = True


def table_html(
    table: pd.DataFrame, caption: str, numeric: Sequence[bool] = (), summary: str | None = None
) -> str:
    """An accessible HTML table of the chart's rows (every cell escaped); its caption
    says the chart's one-sentence ``summary`` under the title."""
    numeric = list(numeric) or [False] * len(table.columns)
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in table.columns)
    body_rows = []
    for row in table.itertuples(index=False):
        cells = []
        for value, is_number in zip(row, numeric, strict=False):
            text = "—" if value is None or (isinstance(value, float) and pd.isna(value)) else value
            css = ' class="num"' if is_number else ""
            cells.append(f"<td{css}>{html.escape(str(text))}</td>")
        body_rows.append("<tr>" + "".join(cells) + "</tr>")
    said = f'<span class="summary">{html.escape(summary)}</span>' if summary else ""
    return (
        '<div class="table-wrap"><table>'
        f"<caption>{html.escape(caption)}{said}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body_rows)}</tbody></table></div>"
    )


def _figure_json(figure_json: str) -> str:
    """JSON safe inside a script element (no ``</script>``, no HTML comments)."""
    return figure_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_PLOT_SCRIPT = """
(function(){
  var spec = JSON.parse(document.getElementById('figure-data').textContent);
  var el = document.getElementById('chart');
  el.textContent = '';
  var config = {responsive: true, displaylogo: false,
                modeBarButtonsToRemove: ['select2d', 'lasso2d'],
                toImageButtonOptions: {filename: el.dataset.filename}};
  spec.layout = spec.layout || {};
  spec.layout.autosize = true;
  delete spec.layout.width;
  Object.keys(spec.layout).forEach(function(name){
    if (/^[xy]axis/.test(name)) { spec.layout[name].automargin = true; }
  });
  Plotly.newPlot(el, spec.data, spec.layout, config);
  document.querySelectorAll('[data-export]').forEach(function(button){
    button.hidden = false;
    button.addEventListener('click', function(){
      Plotly.downloadImage(el, {format: button.dataset.export,
                                filename: el.dataset.filename, width: 1000, height: 600});
    });
  });
})();
"""

_SVG_SCRIPT = """
(function(){
  var svg = document.querySelector('#chart svg');
  if (!svg) return;
  document.querySelectorAll('[data-export]').forEach(function(button){
    button.hidden = false;
    button.addEventListener('click', function(){
      var source = new XMLSerializer().serializeToString(svg);
      var name = document.getElementById('chart').dataset.filename;
      var blob = new Blob([source], {type: 'image/svg+xml'});
      var url = URL.createObjectURL(blob);
      if (button.dataset.export === 'svg') {
        var a = document.createElement('a'); a.href = url; a.download = name + '.svg';
        a.click(); setTimeout(function(){ URL.revokeObjectURL(url); }, 1000); return;
      }
      var box = svg.viewBox.baseVal, img = new Image();
      img.onload = function(){
        var canvas = document.createElement('canvas');
        canvas.width = box.width * 2; canvas.height = box.height * 2;
        var ctx = canvas.getContext('2d'); ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        var a = document.createElement('a'); a.href = canvas.toDataURL('image/png');
        a.download = name + '.png'; a.click(); URL.revokeObjectURL(url);
      };
      img.src = url;
    });
  });
})();
"""


def document(
    *,
    lang: str,
    title: str,
    file_stem: str,
    source_line: str,
    table: str,
    full_view_url: str,
    links: Sequence[EmbedLink] = (),
    figure_json: str | None = None,
    svg: str | None = None,
    legend_html: str | None = None,
    body_html: str | None = None,
    plotly_js_url: str | None = None,
    plotly_js_inline: str | None = None,
    is_demo: bool = False,
    notes: Sequence[str] = (),
    newer_notice: tuple[str, str] | None = None,
    resize_message: str | None = None,
    summary: str | None = None,
) -> str:
    """The whole embed page. Exactly one of ``figure_json`` (a Plotly figure as JSON),
    ``svg`` (a map, with its ``legend_html``) or ``body_html`` (cards) is the chart;
    ``table`` is its HTML table.

    ``plotly_js_url`` links the versioned static script; ``plotly_js_inline`` inlines it
    instead (the offline file). ``newer_notice`` is (text, url) when the page shows a
    pinned release and newer data exists. ``resize_message``: the type of the message
    that tells the page around an iframe this document's height (on load and on every
    change), for the snippet's script to size the iframe. ``summary``: the chart in one
    sentence, said under the title, above the chart.
    """
    esc = html.escape
    html_lang = "zh-CN" if lang == "zh" else "en"
    scripts = ""
    export_buttons = ""
    chart_html: str
    if figure_json is not None:
        fallback = esc(t("embed.needs_js", lang))
        chart_html = (
            f'<div id="chart" class="chart" data-filename="{esc(file_stem)}">{fallback}</div>'
        )
        if plotly_js_inline is not None:
            loader = f"<script>{plotly_js_inline}</script>"
        else:
            loader = f'<script src="{esc(plotly_js_url or "")}"></script>'
        scripts = (
            f'<script type="application/json" id="figure-data">{_figure_json(figure_json)}'
            f"</script>{loader}<script>{_PLOT_SCRIPT}</script>"
        )
    elif svg is not None:
        chart_html = (
            f'<div id="chart" class="chart" data-filename="{esc(file_stem)}">{svg}</div>'
            f"{legend_html or ''}"
        )
        scripts = f"<script>{_SVG_SCRIPT}</script>"
    else:
        chart_html = f'<div class="chart-body">{body_html or ""}</div>'
    if figure_json is not None or svg is not None:
        export_buttons = "".join(
            f'<li><button type="button" data-export="{fmt}" hidden>'
            f"{esc(t(f'embed.export.{fmt}', lang))}</button></li>"
            for fmt in ("png", "svg")
        )
    link_items = "".join(
        f'<li><a href="{esc(link.href)}"{" download" if link.download else ""}>'
        f"{esc(link.label)}</a></li>"
        for link in links
    )
    newer = (
        f'<p class="newer">{esc(newer_notice[0])} '
        f'<a href="{esc(newer_notice[1])}" target="_blank" rel="noopener">'
        f"{esc(t('embed.newer_link', lang))}</a></p>"
        if newer_notice
        else ""
    )
    demo = f'<p class="demo">{esc(t("embed.demo", lang))}</p>' if is_demo else ""
    note_html = "".join(f'<p class="meta">{esc(note)}</p>' for note in notes)
    said = f'<p class="summary">{esc(summary)}</p>' if summary else ""
    return (
        "<!doctype html>"
        f'<html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · {esc(t('app.name', lang))}</title>"
        # What a search result or a link preview says of the chart: its sentence, else
        # its title with the source.
        f'<meta name="description" content="{esc(summary or f"{title}. {source_line}")}">'
        f"<style>{_CSS}</style></head><body><main>"
        f"<figure>{newer}<h1>{esc(title)}</h1>{demo}{said}{chart_html}"
        f"<figcaption>{esc(source_line)}</figcaption></figure>{note_html}"
        f'<ul class="actions">{export_buttons}{link_items}'
        f'<li><a href="{esc(full_view_url)}" target="_blank" rel="noopener">'
        f"{esc(t('embed.full_view', lang))}</a></li></ul>"
        f"<details><summary>{esc(t('chart.table', lang))}</summary>{table}</details>"
        f"</main>{scripts}{_resize_script(resize_message)}</body></html>"
    )


def _resize_script(message: str | None) -> str:
    """Post this document's height to the page around the iframe whenever it changes."""
    if not message:
        return ""
    kind = html.escape(message, quote=True).replace("'", "")
    return (
        "<script>(function(){if(window.parent===window)return;var last=0;"
        "function post(){var h=Math.ceil(document.documentElement.scrollHeight);"
        f"if(h!==last){{last=h;window.parent.postMessage({{type:'{kind}',height:h}},'*');}}}}"
        "window.addEventListener('load',post);window.addEventListener('resize',post);"
        "if(window.ResizeObserver){new ResizeObserver(post).observe(document.body);}"
        "document.addEventListener('toggle',post,true);post();})();</script>"
    )


def figure_to_json(figure: Any) -> str:
    """A Plotly figure as JSON (Plotly's own encoder handles numpy and dates)."""
    return str(figure.to_json())

