//! The demo accounts (`portal-server --demo`), all with the password [`DEMO_PASSWORD`]: two
//! providers with one facility each, a billing agent with three, two MCO users, HFS staff and an
//! HFS admin. Loading is idempotent: a username that exists is left as it is. The accounts are
//! marked `demo`: without `--demo` they cannot sign in and their sessions end. The people,
//! organizations, NPIs (valid check digits) and Medicaid IDs are made up.
//!
//! May import: `time`, `auth::password`.

use rules::wire::accounts::Role;
use sqlx::AnyPool;

use crate::auth::password;
use crate::time::{self, now_utc_millis};

/// The password of every demo account (published in `docs/accounts.md`: demo only).
pub const DEMO_PASSWORD: &str = "Demo-Portal-2026!";

struct DemoFacility {
    name: &'static str,
    facility_type: &'static str,
    medicaid_id: &'static str,
    npi: &'static str,
    phone: &'static str,
}

struct DemoUser {
    username: &'static str,
    role: Role,
    first_name: &'static str,
    last_name: &'static str,
    /// The MCO by name (MCO users).
    mco: Option<&'static str>,
    /// (organization name, organization type, Medicaid ID, NPI) of a provider's profile.
    organization: Option<(&'static str, &'static str, &'static str, &'static str)>,
    phone: &'static str,
    facilities: &'static [DemoFacility],
}

const USERS: &[DemoUser] = &[
    DemoUser {
        username: "provider1",
        role: Role::Provider,
        first_name: "Maria",
        last_name: "Delgado",
        mco: None,
        organization: Some((
            "Prairie View Community Hospital",
            "provider",
            "100482731",
            "1234567893",
        )),
        phone: "(217) 555-0142",
        facilities: &[DemoFacility {
            name: "Prairie View Community Hospital",
            facility_type: "Hospital",
            medicaid_id: "100482731",
            npi: "1234567893",
            phone: "(217) 555-0142",
        }],
    },
    DemoUser {
        username: "provider2",
        role: Role::Provider,
        first_name: "James",
        last_name: "Okafor",
        mco: None,
        organization: Some((
            "Lakeshore Family Health Clinic",
            "provider",
            "100739264",
            "1482039579",
        )),
        phone: "(312) 555-0187",
        facilities: &[DemoFacility {
            name: "Lakeshore Family Health Clinic",
            facility_type: "Clinic",
            medicaid_id: "100739264",
            npi: "1482039579",
            phone: "(312) 555-0187",
        }],
    },
    DemoUser {
        username: "agent1",
        role: Role::Provider,
        first_name: "Linda",
        last_name: "Novak",
        mco: None,
        organization: Some((
            "Heartland Billing Services",
            "billing_agent",
            "100915308",
            "",
        )),
        phone: "(309) 555-0116",
        facilities: &[
            DemoFacility {
                name: "Riverbend Nursing and Rehabilitation Center",
                facility_type: "Nursing facility",
                medicaid_id: "101204857",
                npi: "1306582416",
                phone: "(618) 555-0133",
            },
            DemoFacility {
                name: "Sangamon Valley Home Health",
                facility_type: "Home health agency",
                medicaid_id: "101368042",
                npi: "1629073457",
                phone: "(217) 555-0175",
            },
            DemoFacility {
                name: "Rock River Pediatrics",
                facility_type: "Physician group",
                medicaid_id: "101592716",
                npi: "1754209835",
                phone: "(815) 555-0158",
            },
        ],
    },
    DemoUser {
        username: "mco-aetna",
        role: Role::Mco,
        first_name: "Kevin",
        last_name: "Brandt",
        mco: Some("Aetna Better Health of Illinois"),
        organization: None,
        phone: "",
        facilities: &[],
    },
    DemoUser {
        username: "mco-molina",
        role: Role::Mco,
        first_name: "Aisha",
        last_name: "Rahman",
        mco: Some("Molina Healthcare of Illinois"),
        organization: None,
        phone: "",
        facilities: &[],
    },
    DemoUser {
        username: "hfs-staff",
        role: Role::HfsStaff,
        first_name: "Thomas",
        last_name: "Whitaker",
        mco: None,
        organization: None,
        phone: "",
        facilities: &[],
    },
    DemoUser {
        username: "hfs-admin",
        role: Role::HfsAdmin,
        first_name: "Grace",
        last_name: "Kim",
        mco: None,
        organization: None,
        phone: "",
        facilities: &[],
    },
];

/// The demo usernames, in the order they are loaded.
pub fn usernames() -> impl Iterator<Item = &'static str> {
    USERS.iter().map(|user| user.username)
}

/// Loads the demo accounts that do not exist yet; returns how many were created. The password is
/// hashed once for all of them.
pub async fn seed(pool: &AnyPool) -> Result<usize, sqlx::Error> {
    let mut missing = Vec::new();
    for user in USERS {
        let exists = sqlx::query("SELECT 1 FROM users WHERE username = $1")
            .bind(user.username)
            .fetch_optional(pool)
            .await?
            .is_some();
        if !exists {
            missing.push(user);
        }
    }
    if missing.is_empty() {
        return Ok(0);
    }

    let phc = password::hash_password_async(DEMO_PASSWORD.to_owned()).await;
    let now = now_utc_millis();
    let today = time::today().to_string();
    let mut tx = pool.begin().await?;
    for user in &missing {
        let mco_id: Option<i64> = match user.mco {
            Some(name) => Some(
                sqlx::query_scalar("SELECT id FROM mcos WHERE name = $1")
                    .bind(name)
                    .fetch_one(&mut *tx)
                    .await?,
            ),
            None => None,
        };
        let email = format!("{}@example.com", user.username);
        let (org_name, org_type, medicaid_id, npi) = user.organization.unwrap_or_default();
        let decided = user.organization.map(|_| today.clone());
        let user_id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, email, password_hash, role, status, mco_id, first_name, \
               last_name, contact_email, contact_phone, organization_name, organization_type, \
               medicaid_id, npi, requested_on, decided_on, created_at, demo, email_confirmed_at, \
               contact_email_confirmed_at) \
             VALUES ($1, $2, $3, $4, 'approved', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $18) RETURNING id",
        )
        .bind(user.username)
        .bind(&email)
        .bind(&phc)
        .bind(user.role.as_str())
        .bind(mco_id)
        .bind(user.first_name)
        .bind(user.last_name)
        .bind(if user.organization.is_some() {
            email.as_str()
        } else {
            ""
        })
        .bind(user.phone)
        .bind(org_name)
        .bind(org_type)
        .bind(medicaid_id)
        .bind(npi)
        .bind(&decided)
        .bind(&decided)
        .bind(now)
        // Demo accounts are made with their addresses confirmed.
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;

        for (i, facility) in user.facilities.iter().enumerate() {
            let facility_id: i64 = sqlx::query_scalar(
                "INSERT INTO facilities (name, facility_type, medicaid_id, npi, contact_email, \
                   contact_phone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(facility.name)
            .bind(facility.facility_type)
            .bind(facility.medicaid_id)
            .bind(facility.npi)
            .bind(&email)
            .bind(facility.phone)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO user_facilities (user_id, facility_id, added_at) VALUES ($1, $2, $3)",
            )
            .bind(user_id)
            .bind(facility_id)
            // In the listed order.
            .bind(now + i64::try_from(i).unwrap_or(0))
            .execute(&mut *tx)
            .await?;
        }
        tracing::debug!(user_id, username = user.username, "demo account created");
    }
    tx.commit().await?;
    Ok(missing.len())
}

/// Ends every session of a demo account (the server runs without `--demo`); returns how many.
pub async fn end_sessions(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    let ended =
        sqlx::query("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE demo = 1)")
            .execute(pool)
            .await?
            .rows_affected();
    if ended > 0 {
        tracing::info!(
            sessions = ended,
            "demo mode is off: demo accounts' sessions ended"
        );
    }
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rules::identifiers::Npi;

    #[test]
    fn identifiers_are_valid() {
        let mut npis = std::collections::HashSet::new();
        let mut ids = std::collections::HashSet::new();
        for user in USERS {
            if let Some((_, org_type, medicaid_id, npi)) = user.organization {
                assert!(rules::accounts::ORGANIZATION_TYPES
                    .iter()
                    .any(|(code, _)| *code == org_type));
                assert!(medicaid_id.len() == 9 && medicaid_id.bytes().all(|b| b.is_ascii_digit()));
                if !npi.is_empty() {
                    assert!(Npi::parse(npi).is_ok(), "{npi}");
                }
            }
            for facility in user.facilities {
                assert!(Npi::parse(facility.npi).is_ok(), "{}", facility.npi);
                assert!(npis.insert(facility.npi), "NPIs differ");
                assert_eq!(facility.medicaid_id.len(), 9);
                assert!(ids.insert(facility.medicaid_id), "Medicaid IDs differ");
            }
        }
        assert_eq!(
            USERS
                .iter()
                .find(|u| u.username == "agent1")
                .unwrap()
                .facilities
                .len(),
            3
        );
    }
}
