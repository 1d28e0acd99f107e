"""`python -m bot.web`: serve the demo page and the widget on WEB_PORT (default 8000)."""

from bot.web.app import create_app
from bot.web.config import WebConfig


def main() -> None:
    """Read settings from the environment and serve in one process."""
    config = WebConfig.from_env()
    create_app(config).run(host=config.host, port=config.port, access_log=False)


if __name__ == "__main__":
    main()
