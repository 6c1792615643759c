//! Errors of the use cases.

use ntm_io::InputErrors;
use ntm_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("sign in required")]
    Unauthenticated,
    #[error("invalid input")]
    Invalid(InputErrors),
    #[error("too many failed sign-ins; try again later")]
    RateLimited,
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("inconsistent state: {0}")]
    Internal(String),
}

impl From<InputErrors> for AppError {
    fn from(e: InputErrors) -> AppError {
        AppError::Invalid(e)
    }
}
