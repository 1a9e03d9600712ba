"""One Settings object (pydantic-settings, env prefix ``GILJABI_``, also read from ``.env``)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GILJABI_", env_file=".env", extra="ignore")

    home: Path = Field(default=Path(".giljabi"), description="색인·피드백·로그가 저장되는 폴더")
    corpus: Path = Field(default=Path("corpus"), description="기본 문서 폴더")
    today: dt.date | None = Field(default=None, description="마감 판단 기준일(재현용)")
    chroma_url: str | None = Field(default=None, description="Chroma 서버 주소(없으면 내장 저장소)")
    llm_base_url: str | None = None
    llm_model: str = "default"
    llm_api_key: str | None = None
    llm_timeout: float = 30.0
    admin_token: str | None = None
    api_url: str | None = None
    max_upload_mb: int = 20
    span_vectors: bool = Field(
        default=True,
        description="색인할 때 답변 후보 문장의 벡터도 계산(색인은 느려지고 첫 답은 빨라짐)",
    )

    def effective_today(self) -> dt.date:
        return self.today or dt.date.today()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
