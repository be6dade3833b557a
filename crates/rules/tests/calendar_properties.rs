//! Properties of the business-day arithmetic that must hold for every date and count.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use proptest::prelude::*;
use std::sync::LazyLock;

use rules::calendar::{add_calendar_days, Calendar};

static CAL: LazyLock<Calendar> = LazyLock::new(Calendar::standard);

fn date() -> impl Strategy<Value = NaiveDate> {
    // Every day from 1 Jan 1990 to 31 Dec 2099.
    (0i64..40_177).prop_map(|n| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(n))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn adding_business_days_lands_on_a_business_day(from in date(), n in 1u32..60) {
        let cal = &*CAL;
        let due = cal.add_business_days(from, n);
        prop_assert!(cal.is_business_day(due));
        prop_assert!(due > from);
        prop_assert_eq!(cal.business_days_between(from, due), n);
    }

    #[test]
    fn adding_business_days_is_monotonic(from in date(), later in 0i64..30, n in 0u32..30, m in 0u32..30) {
        let cal = &*CAL;
        let from2 = from + Duration::days(later);
        prop_assert!(cal.add_business_days(from, n) <= cal.add_business_days(from2, n));
        prop_assert!(cal.add_business_days(from, n) <= cal.add_business_days(from, n + m));
    }

    #[test]
    fn moving_forward_is_idempotent_and_minimal(d in date()) {
        let cal = &*CAL;
        let moved = cal.next_business_day_on_or_after(d);
        prop_assert_eq!(cal.next_business_day_on_or_after(moved), moved);
        prop_assert!(cal.is_business_day(moved));
        let mut day = d;
        while day < moved {
            prop_assert!(!cal.is_business_day(day));
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn calendar_days_moved_is_the_plain_date_moved(from in date(), n in 0u32..90) {
        let cal = &*CAL;
        let plain = add_calendar_days(from, n);
        let moved = cal.add_calendar_days_moved(from, n);
        prop_assert!(moved >= plain);
        prop_assert_eq!(moved == plain, cal.is_business_day(plain));
        prop_assert!(moved - plain <= Duration::days(4), "at most a long weekend");
    }

    #[test]
    fn weekends_are_never_business_days(d in date()) {
        let cal = &*CAL;
        if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            prop_assert!(!cal.is_business_day(d));
        }
    }
}
