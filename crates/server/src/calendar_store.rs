//! HFS's changes to the State calendar, table `calendar_changes` (one change per date): reading
//! them, the [`Calendar`] they make (built once per set of changes, see [`CalendarCache`]), and
//! changing them (the `portal-server calendar` commands and HFS's admin screen), with what each
//! change did in a sentence.
//!
//! May import: `db` (in its tests only; nothing else of this crate).

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{Datelike, NaiveDate, Weekday};
use rules::calendar::{Calendar, CalendarChange};
use sqlx::{AnyExecutor, AnyPool, Row};

/// The name given to an added closure day stored without one.
const UNNAMED_CLOSURE: &str = "State offices closed";

/// The longest closure name accepted (it is shown in lists and on deadlines).
pub use rules::calendar::CLOSURE_NAME_MAX_CHARS as MAX_NAME_CHARS;

/// Every change HFS has stored, in date order. A row that cannot be read (it should not happen:
/// the table checks its dates and kinds) is skipped with a warning.
pub async fn load_changes<'e, E: AnyExecutor<'e>>(
    executor: E,
) -> Result<Vec<CalendarChange>, sqlx::Error> {
    let rows = sqlx::query("SELECT date, kind, name FROM calendar_changes ORDER BY date")
        .fetch_all(executor)
        .await?;

    let mut changes = Vec::with_capacity(rows.len());
    for row in rows {
        let date: String = row.try_get("date")?;
        let kind: String = row.try_get("kind")?;
        let name: Option<String> = row.try_get("name")?;
        changes.extend(change_of(&date, &kind, name));
    }
    Ok(changes)
}

/// A row of `calendar_changes` as JSON (`date`, `kind`, `name`), as a query reads the table with
/// `db::json_rows` beside other things ([`changes_from_json`]).
#[derive(Debug, serde::Deserialize)]
struct ChangeRow {
    date: String,
    kind: String,
    name: Option<String>,
}

/// The columns of `db::json_rows` that read `calendar_changes c` for [`changes_from_json`].
pub const JSON_FIELDS: &[(&str, &str)] =
    &[("date", "c.date"), ("kind", "c.kind"), ("name", "c.name")];

/// The changes of a JSON array of the table's rows in date order ([`JSON_FIELDS`]), read as
/// [`load_changes`] reads the table; `None` if it is not such an array.
pub fn changes_from_json(json: &str) -> Option<Vec<CalendarChange>> {
    let rows: Vec<ChangeRow> = serde_json::from_str(json).ok()?;
    Some(
        rows.into_iter()
            .flat_map(|row| change_of(&row.date, &row.kind, row.name))
            .collect(),
    )
}

/// The change of one row; `None` (with a warning) for a row that cannot be read.
fn change_of(date_text: &str, kind: &str, name: Option<String>) -> Option<CalendarChange> {
    let Some(date) = rules::dates::parse_iso_date(date_text) else {
        tracing::warn!(date = %date_text, "calendar_changes: skipping a row with an invalid date");
        return None;
    };
    match kind {
        "add" => Some(CalendarChange::Add {
            date,
            name: name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| UNNAMED_CLOSURE.to_owned()),
        }),
        "remove" => Some(CalendarChange::Remove { date }),
        other => {
            tracing::warn!(kind = %other, "calendar_changes: skipping a row with an unknown kind");
            None
        }
    }
}

/// The calendar in force: HFS's changes (in date order) and the calendar built from them.
#[derive(Debug)]
pub struct CurrentCalendar {
    pub changes: Vec<CalendarChange>,
    pub calendar: Calendar,
}

/// The last calendar built, keyed by the changes it was built from.
///
/// The rows are read on every use (a few rows, cheap) and the calendar is rebuilt only when they
/// differ from the last ones: whoever changes the table (this server, the command line, another
/// process), the next request sees it, and no request pays for a rebuild otherwise.
#[derive(Debug, Default)]
pub struct CalendarCache {
    last: Mutex<Option<Arc<CurrentCalendar>>>,
}

impl CalendarCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The calendar as the table stands now (read through `executor`: the pool, or a connection
    /// a request holds).
    pub async fn current<'e, E: AnyExecutor<'e>>(
        &self,
        executor: E,
    ) -> Result<Arc<CurrentCalendar>, sqlx::Error> {
        let changes = load_changes(executor).await?;
        Ok(self.of_changes(changes))
    }

    /// The calendar of `changes` (the table's rows, read by the caller): the last one built if
    /// they are the same.
    pub fn of_changes(&self, changes: Vec<CalendarChange>) -> Arc<CurrentCalendar> {
        if let Some(last) = self.last_built().filter(|last| last.changes == changes) {
            return last;
        }
        let built = Arc::new(CurrentCalendar {
            calendar: Calendar::with_changes(&changes),
            changes,
        });
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&built));
        built
    }

    fn last_built(&self) -> Option<Arc<CurrentCalendar>> {
        self.last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// What adding a closure day did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// A new closure day.
    Added,
    /// The day was already added under another name; it has the new one now.
    Renamed { previous: String },
    /// The day was already added under this name: nothing changed.
    Unchanged,
    /// A State holiday HFS had removed is a holiday again (under its own name).
    Restored { name: String },
}

/// What removing a closure day did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    /// A State holiday on which offices are open after all.
    HolidayRemoved { name: String },
    /// A closure day HFS had added is withdrawn.
    AdditionWithdrawn { name: String },
    /// The holiday was already removed: nothing changed.
    Unchanged,
}

/// Why a change was refused.
#[derive(Debug)]
pub enum ChangeError {
    /// The date falls on a weekend, when offices are closed anyway.
    Weekend {
        date: NaiveDate,
    },
    /// The date is already a State holiday.
    AlreadyHoliday {
        date: NaiveDate,
        name: String,
    },
    /// Nothing is closed on that date.
    NotClosed {
        date: NaiveDate,
    },
    /// The closure's name is empty, too long or has control characters.
    BadName(String),
    Database(sqlx::Error),
}

impl From<sqlx::Error> for ChangeError {
    fn from(error: sqlx::Error) -> Self {
        ChangeError::Database(error)
    }
}

impl std::fmt::Display for ChangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeError::Weekend { date } => write!(
                f,
                "{} is a weekend day: State offices are closed anyway, so there is nothing to add",
                rules::dates::long_date(*date)
            ),
            ChangeError::AlreadyHoliday { date, name } => {
                write!(
                    f,
                    "{} is already a State holiday ({name})",
                    rules::dates::long_date(*date)
                )
            }
            ChangeError::NotClosed { date } => write!(
                f,
                "State offices are not closed on {} (it is neither a State holiday nor a closure day HFS added), so there is nothing to remove",
                rules::dates::long_date(*date)
            ),
            ChangeError::BadName(why) => write!(f, "{why}"),
            ChangeError::Database(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for ChangeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ChangeError::Database(e) => Some(e),
            _ => None,
        }
    }
}

/// The name of a closure day, trimmed; refused when empty, too long or with control characters
/// ([`rules::calendar::check_closure_name`], the admin page's check).
pub fn closure_name(name: &str) -> Result<String, ChangeError> {
    rules::calendar::check_closure_name(name).map_err(ChangeError::BadName)
}

/// The standard State holiday observed on `date`, if any.
fn standard_holiday(date: NaiveDate) -> Option<String> {
    Calendar::standard().holiday_name(date)
}

/// The stored change for `date`: (kind, name).
async fn stored(
    tx: &mut sqlx::AnyConnection,
    date: NaiveDate,
) -> Result<Option<(String, Option<String>)>, sqlx::Error> {
    let row = sqlx::query("SELECT kind, name FROM calendar_changes WHERE date = $1")
        .bind(date.to_string())
        .fetch_optional(tx)
        .await?;
    row.map(|row| Ok((row.try_get("kind")?, row.try_get("name")?)))
        .transpose()
}

/// Closes State offices on `date` (a Governor's proclamation), or restores a State holiday HFS had
/// removed. Refused on a weekend and on a day that is already a State holiday.
pub async fn add_closure(
    pool: &AnyPool,
    date: NaiveDate,
    name: &str,
) -> Result<Added, ChangeError> {
    let name = closure_name(name)?;
    if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        return Err(ChangeError::Weekend { date });
    }
    let standard = standard_holiday(date);

    let mut tx = pool.begin().await?;
    let outcome = match (stored(&mut tx, date).await?, standard) {
        (Some((kind, _)), Some(standard)) if kind == "remove" => {
            sqlx::query("DELETE FROM calendar_changes WHERE date = $1")
                .bind(date.to_string())
                .execute(&mut *tx)
                .await?;
            Added::Restored { name: standard }
        }
        (_, Some(standard)) => {
            return Err(ChangeError::AlreadyHoliday {
                date,
                name: standard,
            })
        }
        (Some((kind, previous)), None) if kind == "add" => {
            let previous = previous.unwrap_or_else(|| UNNAMED_CLOSURE.to_owned());
            if previous == name {
                Added::Unchanged
            } else {
                sqlx::query("UPDATE calendar_changes SET name = $1, created_at = CURRENT_TIMESTAMP WHERE date = $2")
                    .bind(&name)
                    .bind(date.to_string())
                    .execute(&mut *tx)
                    .await?;
                Added::Renamed { previous }
            }
        }
        (_, None) => {
            // No row, or a removal of a day that is no holiday (harmless): an addition now.
            sqlx::query(
                "INSERT INTO calendar_changes (date, kind, name) VALUES ($1, 'add', $2) \
                 ON CONFLICT (date) DO UPDATE SET kind = 'add', name = excluded.name, \
                 created_at = CURRENT_TIMESTAMP",
            )
            .bind(date.to_string())
            .bind(&name)
            .execute(&mut *tx)
            .await?;
            Added::Added
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Opens State offices on `date`: a State holiday is removed, a closure day HFS added is withdrawn.
/// Refused when nothing is closed that day.
pub async fn remove_closure(pool: &AnyPool, date: NaiveDate) -> Result<Removed, ChangeError> {
    let standard = standard_holiday(date);

    let mut tx = pool.begin().await?;
    let outcome = match (stored(&mut tx, date).await?, standard) {
        (Some((kind, _)), Some(_)) if kind == "remove" => Removed::Unchanged,
        (row, Some(standard)) => {
            // Also replaces an addition stored on the holiday (which only renamed it).
            sqlx::query(
                "INSERT INTO calendar_changes (date, kind, name) VALUES ($1, 'remove', NULL) \
                 ON CONFLICT (date) DO UPDATE SET kind = 'remove', name = NULL, \
                 created_at = CURRENT_TIMESTAMP",
            )
            .bind(date.to_string())
            .execute(&mut *tx)
            .await?;
            let name = match row {
                Some((kind, Some(name))) if kind == "add" && !name.trim().is_empty() => name,
                _ => standard,
            };
            Removed::HolidayRemoved { name }
        }
        (Some((kind, name)), None) if kind == "add" => {
            sqlx::query("DELETE FROM calendar_changes WHERE date = $1")
                .bind(date.to_string())
                .execute(&mut *tx)
                .await?;
            Removed::AdditionWithdrawn {
                name: name.unwrap_or_else(|| UNNAMED_CLOSURE.to_owned()),
            }
        }
        (_, None) => return Err(ChangeError::NotClosed { date }),
    };
    tx.commit().await?;
    Ok(outcome)
}

/// What adding the closure `name` on `date` did, in a sentence (the CLI and the admin screen).
pub fn added_message(date: NaiveDate, name: &str, added: &Added) -> String {
    let day = rules::dates::long_date(date);
    match added {
        Added::Added => format!("State offices are now closed on {day} ({name})."),
        Added::Renamed { previous } => format!(
            "{day} was already a closure day, named \"{previous}\"; it is now named \"{name}\"."
        ),
        Added::Unchanged => format!("{day} is already a closure day ({name}): nothing changed."),
        Added::Restored { name } => {
            format!("{day} is a State holiday again ({name}): the earlier removal is undone.")
        }
    }
}

/// What opening State offices on `date` did, in a sentence (the CLI and the admin screen).
pub fn removed_message(date: NaiveDate, removed: &Removed) -> String {
    let day = rules::dates::long_date(date);
    match removed {
        Removed::HolidayRemoved { name } => {
            format!("State offices are now open on {day} ({name} removed).")
        }
        Removed::AdditionWithdrawn { name } => {
            format!("State offices are now open on {day} (the closure \"{name}\" is withdrawn).")
        }
        Removed::Unchanged => {
            format!("{day} was already removed: State offices are open that day; nothing changed.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        rules::dates::parse_iso_date(text).unwrap()
    }

    async fn pool() -> (tempfile::TempDir, AnyPool) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("t.db").display());
        let pool = crate::db::connect(&url).await.unwrap();
        (dir, pool)
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(
            closure_name("  Governor's proclamation ").unwrap(),
            "Governor's proclamation"
        );
        for bad in ["", "   ", "two\nlines", &"x".repeat(MAX_NAME_CHARS + 1)] {
            assert!(
                matches!(closure_name(bad), Err(ChangeError::BadName(_))),
                "{bad:?}"
            );
        }
    }

    #[tokio::test]
    async fn the_calendar_is_rebuilt_only_when_the_rows_change() {
        let (_dir, pool) = pool().await;
        let cache = CalendarCache::new();
        let first = cache.current(&pool).await.unwrap();
        let again = cache.current(&pool).await.unwrap();
        assert!(Arc::ptr_eq(&first, &again), "same rows, same calendar");
        assert!(first.changes.is_empty());

        add_closure(&pool, d("2026-12-24"), "Governor's proclamation")
            .await
            .unwrap();
        let changed = cache.current(&pool).await.unwrap();
        assert!(!Arc::ptr_eq(&first, &changed));
        assert!(changed.calendar.is_holiday(d("2026-12-24")));
        assert!(Arc::ptr_eq(&changed, &cache.current(&pool).await.unwrap()));

        remove_closure(&pool, d("2026-12-24")).await.unwrap();
        let back = cache.current(&pool).await.unwrap();
        assert!(!back.calendar.is_holiday(d("2026-12-24")));
        assert!(back.changes.is_empty());
    }

    #[tokio::test]
    async fn adding_and_removing() {
        let (_dir, pool) = pool().await;
        let eve = d("2026-12-24");
        assert_eq!(
            add_closure(&pool, eve, "Governor's proclamation")
                .await
                .unwrap(),
            Added::Added
        );
        assert_eq!(
            add_closure(&pool, eve, "Governor's proclamation")
                .await
                .unwrap(),
            Added::Unchanged
        );
        assert_eq!(
            add_closure(&pool, eve, "Christmas Eve").await.unwrap(),
            Added::Renamed {
                previous: "Governor's proclamation".to_owned()
            }
        );
        assert!(matches!(
            add_closure(&pool, d("2026-12-26"), "Boxing Day").await,
            Err(ChangeError::Weekend { .. })
        ));
        let columbus = d("2026-10-12");
        assert!(matches!(
            add_closure(&pool, columbus, "Columbus Day").await,
            Err(ChangeError::AlreadyHoliday { .. })
        ));
        assert_eq!(
            remove_closure(&pool, columbus).await.unwrap(),
            Removed::HolidayRemoved {
                name: "Columbus Day".to_owned()
            }
        );
        assert_eq!(
            remove_closure(&pool, columbus).await.unwrap(),
            Removed::Unchanged
        );
        assert!(matches!(
            remove_closure(&pool, d("2026-10-13")).await,
            Err(ChangeError::NotClosed { .. })
        ));
        assert_eq!(
            load_changes(&pool).await.unwrap(),
            vec![
                CalendarChange::Remove { date: columbus },
                CalendarChange::Add {
                    date: eve,
                    name: "Christmas Eve".to_owned()
                },
            ]
        );

        assert_eq!(
            add_closure(&pool, columbus, "ignored").await.unwrap(),
            Added::Restored {
                name: "Columbus Day".to_owned()
            }
        );
        assert_eq!(
            remove_closure(&pool, eve).await.unwrap(),
            Removed::AdditionWithdrawn {
                name: "Christmas Eve".to_owned()
            }
        );
        assert!(load_changes(&pool).await.unwrap().is_empty());
    }
}
