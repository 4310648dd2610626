"""``python -m dashboard [streamlit flags]``: start the dashboard."""

from dashboard.launch import main

if __name__ == "__main__":
    raise SystemExit(main())
