//! The demo claims template: a CSV written from the rules' own blank template (its heading row),
//! one row per made-up claim, and the ticket's tracking number and file name.
//!
//! May import: nothing of this crate (the rules only).

use chrono::{Duration, NaiveDate};
use rules::wire::tickets::ComplaintType;

/// The template ticket's MCO tracking number (the template's own).
pub(super) const TEMPLATE_TRACKING: &str = "ABH-T-260900";
/// How many claims it holds.
pub(super) const TEMPLATE_CLAIMS: usize = 12;
/// Its file's name.
pub(super) const TEMPLATE_FILE_NAME: &str = "aetna-claims-template.csv";

/// The made-up members of the template's claims, first and last names in turn.
const FIRST_NAMES: [&str; 6] = ["Rowan", "Sasha", "Elliot", "Marisol", "Tobias", "Noor"];
const LAST_NAMES: [&str; 6] = [
    "Okonkwo-Vale",
    "Brightwater",
    "Dufresne",
    "Halvorsen",
    "Achterberg",
    "Villanueva",
];

/// One CSV cell (RFC 4180: quoted when it holds a comma, a quote or a line break).
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The demo template: the rules' blank CSV (its heading row) and one row per claim, each value
/// under its column's key. Every claim's dispute reached the MCO within 3 days before the
/// ticket's, its services 40 to 70 days before that.
pub(super) fn template_csv(mco_name: &str, medicaid_id: &str, received: NaiveDate) -> Vec<u8> {
    let mut out = rules::claims::blank_csv();
    for i in 0..TEMPLATE_CLAIMS {
        let n = i as i64;
        let claim_received = received - Duration::days(n % 4);
        let service_from = claim_received - Duration::days(40 + 2 * n);
        let service_to = service_from + Duration::days(n % 3);
        let billed_cents = 18_250 + 7_315 * n;
        let paid_cents = if i % 3 == 0 { 0 } else { billed_cents / 4 };
        let value = |key: &str| -> String {
            match key {
                "mco" => mco_name.to_owned(),
                "provider_medicaid_id" => medicaid_id.to_owned(),
                "tax_id" => "36-4182750".to_owned(),
                "location_address" => "1200 W Harrison St, Chicago, IL 60607".to_owned(),
                "complaint_type" => ComplaintType::ClaimsPayment.label().to_owned(),
                "member_first_name" => FIRST_NAMES[i % FIRST_NAMES.len()].to_owned(),
                "member_last_name" => LAST_NAMES[(i * 5 + 1) % LAST_NAMES.len()].to_owned(),
                "rin" => format!("{}", 900_100_011 + 97 * i),
                "service_from" => service_from.to_string(),
                "service_to" => service_to.to_string(),
                "claim_number" => format!("CLM2026{:06}", 310_040 + 113 * i),
                "billed_amount" => format!("{}.{:02}", billed_cents / 100, billed_cents % 100),
                "paid_amount" => format!("{}.{:02}", paid_cents / 100, paid_cents % 100),
                "tracking_number" => format!("ABH-{}", 261_200 + 7 * i),
                "mco_received_on" => claim_received.to_string(),
                "issue" => if i % 3 == 0 {
                    "Denied as a duplicate of an earlier claim; it is a separate visit."
                } else {
                    "Paid at a quarter of the contracted rate for the service."
                }
                .to_owned(),
                _ => String::new(),
            }
        };
        let cells: Vec<String> = rules::claims::COLUMNS
            .iter()
            .map(|column| csv_cell(&value(column.key)))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::plans::{plan, Stage, OWNERS};
    use rules::calendar::Calendar;

    #[test]
    fn the_template_file_passes_whatever_today_is() {
        let calendar = Calendar::standard();
        let mut today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        while today < NaiveDate::from_ymd_opt(2028, 1, 1).unwrap() {
            let plan = plan(&calendar, Stage::WithMco, OWNERS[0].contact, today);
            let bytes = template_csv(OWNERS[0].mco, "123456789", plan.received);
            let ctx = rules::wire::claims::ClaimsContext {
                today: plan.submitted,
                calendar_changes: Vec::new(),
                mco_names: vec![OWNERS[0].mco.to_owned(), "Aetna".to_owned()],
                facility_medicaid_id: "123456789".to_owned(),
                complaint_type: Some(ComplaintType::ClaimsPayment),
            };
            let report = rules::claims::check_file(&bytes, &ctx);
            assert!(report.is_ready(), "as of {today}: {:?}", report.problems);
            assert_eq!(report.claims.len(), TEMPLATE_CLAIMS);
            today += Duration::days(5);
        }
    }
}
