//! Amounts of money in the words pages and emails use.

/// An amount in cents, written with its cents and its thousands grouped: `$1,234.50`.
pub fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}${}.{:02}", grouped(cents / 100), cents % 100)
}

/// An amount in cents, in whole dollars (the cents dropped): `$1,234`.
pub fn whole_dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}${}", grouped(cents.unsigned_abs() / 100))
}

/// `1234567` as `1,234,567`.
fn grouped(whole: u64) -> String {
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_are_grouped() {
        assert_eq!(dollars(500_000), "$5,000.00");
        assert_eq!(dollars(99), "$0.99");
        assert_eq!(dollars(0), "$0.00");
        assert_eq!(dollars(123_456_789), "$1,234,567.89");
        assert_eq!(dollars(-500_000), "-$5,000.00");
        assert_eq!(whole_dollars(500_000), "$5,000");
        assert_eq!(whole_dollars(100_000_000), "$1,000,000");
    }
}
