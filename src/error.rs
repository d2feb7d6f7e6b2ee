//! The one error type. Handlers return `Result<_, AppError>`; this file alone turns errors into responses.
//! HTML pages get a short bilingual page; API routes wrap errors in [`ApiError`] for a JSON body with a stable code.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// A path that exists, asked with a method it does not answer (`Allow` says which it does).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A body sent as something other than what the endpoint reads (e.g. not `application/json`).
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("forbidden")]
    Forbidden,
    #[error("not logged in")]
    Unauthorized,
    #[error("csrf token missing or wrong")]
    Csrf,
    #[error("conflict: {0}")]
    Conflict(String),
    /// Input the user can fix; `code` is stable and machine-readable.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("request body too large")]
    TooLarge,
    #[error("database error: {0}")]
    Db(#[from] diesel::result::Error),
    #[error("database pool error: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn bad(code: &'static str, message: impl Into<String>) -> Self {
        AppError::BadRequest {
            code,
            message: message.into(),
        }
    }
    pub fn internal(e: impl std::fmt::Display) -> Self {
        AppError::Internal(e.to_string())
    }
    /// Text the database cannot hold: PostgreSQL refuses a NUL character in any text value. It is the
    /// user's input, so it is a 400, never a 500, on every page and API alike.
    fn is_unstorable_text(&self) -> bool {
        matches!(self, AppError::Db(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("0x00"))
    }
    /// Stable machine-readable code for the JSON API.
    pub fn code(&self) -> &'static str {
        if self.is_unstorable_text() {
            return "bad_text";
        }
        match self {
            AppError::NotFound => "not_found",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::Forbidden => "forbidden",
            AppError::Unauthorized => "unauthorized",
            AppError::Csrf => "csrf_failed",
            AppError::Conflict(_) => "conflict",
            AppError::BadRequest { code, .. } => code,
            AppError::TooLarge => "payload_too_large",
            AppError::Db(diesel::result::Error::NotFound) => "not_found",
            AppError::Db(_) | AppError::Pool(_) | AppError::Internal(_) => "internal_error",
        }
    }
    /// What the user is told, in their language, when the error is not answered as a response (work left
    /// running after its request); an internal error is logged here as a response would log it.
    pub fn message_in(&self, lang: crate::platform::i18n::Lang) -> String {
        self.log_if_internal();
        let (zh, en) = self.public_message();
        match lang {
            crate::platform::i18n::Lang::Zh => zh,
            _ => en,
        }
    }

    fn public_message(&self) -> (String, String) {
        if self.is_unstorable_text() {
            return (
                "输入中含有无法保存的控制字符（NUL），请删除后重试。".into(),
                "The input contains a control character (NUL) that cannot be stored; remove it and try again.".into(),
            );
        }
        match self {
            AppError::NotFound | AppError::Db(diesel::result::Error::NotFound) => {
                ("页面或记录不存在。".into(), "Not found.".into())
            }
            AppError::MethodNotAllowed => (
                "此地址不支持该请求方法。".into(),
                "This address does not answer that method.".into(),
            ),
            AppError::UnsupportedMediaType => (
                "请求内容的类型不受支持。".into(),
                "The request body's content type is not supported here.".into(),
            ),
            AppError::Forbidden => (
                "您的角色无权执行此操作。".into(),
                "Your role may not do this.".into(),
            ),
            AppError::Unauthorized => ("请先登录。".into(), "Please log in.".into()),
            AppError::Csrf => (
                "表单已过期或来源不明，请返回刷新后重试。".into(),
                "The form expired or did not come from this site; go back, reload and try again."
                    .into(),
            ),
            AppError::Conflict(m) => (
                format!("记录已被他人修改：{m}"),
                format!("The record was changed by someone else: {m}"),
            ),
            AppError::BadRequest { message, .. } => (message.clone(), message.clone()),
            AppError::TooLarge => (
                "提交的内容过大。".into(),
                "The submitted data is too large.".into(),
            ),
            AppError::Db(_) | AppError::Pool(_) | AppError::Internal(_) => (
                "系统内部错误，请稍后重试。".into(),
                "Internal error; please try again later.".into(),
            ),
        }
    }
    fn log_if_internal(&self) {
        if matches!(self.status_code(), StatusCode::INTERNAL_SERVER_ERROR) {
            log::error!("internal error: {self}");
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        if self.is_unstorable_text() {
            return StatusCode::BAD_REQUEST;
        }
        match self {
            AppError::NotFound | AppError::Db(diesel::result::Error::NotFound) => {
                StatusCode::NOT_FOUND
            }
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
    fn error_response(&self) -> HttpResponse {
        self.log_if_internal();
        if matches!(self, AppError::Unauthorized) {
            return HttpResponse::SeeOther()
                .insert_header(("Location", "/login"))
                .finish();
        }
        let (zh, en) = self.public_message();
        let page = ErrorPage {
            status: self.status_code().as_u16(),
            zh: &zh,
            en: &en,
        };
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(askama::Template::render(&page).unwrap_or_else(|_| zh.clone()))
    }
}

/// The short bilingual error page (kept here so the error type needs nothing from the web layer).
#[derive(askama::Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub status: u16,
    pub zh: &'a str,
    pub en: &'a str,
}

/// Error for `/api/v1`: JSON `{"error": {"code", "message"}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);
impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}
impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }
    fn error_response(&self) -> HttpResponse {
        self.0.log_if_internal();
        let (_, en) = self.0.public_message();
        HttpResponse::build(self.status_code())
            .json(serde_json::json!({"error": {"code": self.0.code(), "message": en}}))
    }
}
pub type ApiResult<T> = Result<T, ApiError>;

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(e.to_string())
    }
}
