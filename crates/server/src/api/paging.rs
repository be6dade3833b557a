//! Paging of every list endpoint (`docs/api.md`, "Lists"): `?limit=` (default 100, at most 500)
//! and `?offset=` (default 0) choose the slice; the answer is the slice as a JSON array with the
//! number of entries of the whole list in the `X-Total-Count` header.
//!
//! May import: `error`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::error::{ApiError, FieldErrors};

/// The entries of one page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 100;
/// The most entries of one page.
pub const MAX_LIMIT: usize = 500;
/// The query parameters [`Paging`] reads (every endpoint's query check lets them through).
pub const PAGE_PARAMS: [&str; 2] = ["limit", "offset"];
/// The header of the whole list's size.
pub static TOTAL_COUNT: HeaderName = HeaderName::from_static("x-total-count");

/// Which slice of a list to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub limit: usize,
    pub offset: usize,
}

impl Default for Paging {
    fn default() -> Self {
        Self {
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl Paging {
    /// The paging of a query string; 422 under `limit` or `offset` when one is not a whole number
    /// in range.
    pub fn of_query(query: Option<&str>) -> Result<Self, ApiError> {
        let mut paging = Self::default();
        let mut errors = FieldErrors::new();
        for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            match key.as_ref() {
                "limit" => match value.trim().parse::<usize>() {
                    Ok(n) if (1..=MAX_LIMIT).contains(&n) => paging.limit = n,
                    _ => errors.add(
                        "limit",
                        format!("limit must be a whole number from 1 to {MAX_LIMIT}"),
                    ),
                },
                "offset" => match value.trim().parse::<usize>() {
                    Ok(n) if i64::try_from(n).is_ok() => paging.offset = n,
                    _ => errors.add("offset", "offset must be a whole number, 0 or more"),
                },
                _ => {}
            }
        }
        errors.into_result()?;
        Ok(paging)
    }

    /// The page of `items` (the whole list, in its order).
    pub fn page<T>(self, items: Vec<T>) -> Paged<T> {
        let total = items.len();
        let items = items
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .collect();
        Paged { items, total }
    }

    /// `LIMIT ?` and `OFFSET ?` of a query that pages in the database.
    pub fn sql_limit(self) -> i64 {
        i64::try_from(self.limit).unwrap_or(i64::MAX)
    }

    pub fn sql_offset(self) -> i64 {
        i64::try_from(self.offset).unwrap_or(i64::MAX)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Paging {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Self::of_query(parts.uri.query())
    }
}

/// One page of a list and the size of the whole list: a JSON array with `X-Total-Count`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: usize,
}

impl<T: Serialize> IntoResponse for Paged<T> {
    fn into_response(self) -> Response {
        let mut response = Json(self.items).into_response();
        response
            .headers_mut()
            .insert(TOTAL_COUNT.clone(), HeaderValue::from(self.total));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_offsets() {
        assert_eq!(Paging::of_query(None).unwrap(), Paging::default());
        let p = Paging::of_query(Some("limit=2&offset=3&q=x")).unwrap();
        assert_eq!((p.limit, p.offset), (2, 3));
        assert!(Paging::of_query(Some("limit=0")).is_err());
        assert!(Paging::of_query(Some("limit=501")).is_err());
        assert!(Paging::of_query(Some("offset=-1")).is_err());
        let page = p.page((0..10).collect::<Vec<_>>());
        assert_eq!((page.items, page.total), (vec![3, 4], 10));
    }
}
