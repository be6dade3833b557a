//! Identifiers that parse instead of validate: once you hold an [`Npi`] or a [`Rin`], it is a real one.
//! Stray spaces, dashes and punctuation are ignored (`docs/pages.md`, "Errors").

use std::fmt;

use crate::forms::digits_only;

/// A National Provider Identifier: 10 digits whose last is a Luhn check digit computed over the
/// card-issuer prefix 80840 and the first 9 digits (CMS, "Requirements for National Provider
/// Identifier (NPI) and NPI Enumeration", the check-digit rule of ISO/IEC 7812).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Npi(String);

impl Npi {
    /// The NPI in what the user typed, or what to do about it.
    pub fn parse(typed: &str) -> Result<Npi, &'static str> {
        let digits = digits_only(typed);
        if digits.is_empty() {
            return Err("Enter the NPI");
        }
        if digits.len() != 10 || typed.chars().any(|c| c.is_ascii_alphabetic()) {
            return Err("NPI must be 10 digits");
        }
        if !npi_check_digit_ok(&digits) {
            return Err("Check the NPI: it is not a valid number (the last digit does not match)");
        }
        Ok(Npi(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Npi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Luhn over "80840" + the 10 digits (the prefix makes NPIs valid card numbers in that range).
fn npi_check_digit_ok(digits: &str) -> bool {
    let full: Vec<u32> = "80840"
        .chars()
        .chain(digits.chars())
        .filter_map(|c| c.to_digit(10))
        .collect();
    let sum: u32 = full
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A member's HFS Recipient Identification Number: 9 digits (the launch notice, "HFS 9-digit
/// Recipient Identification Number(s)"). Protected health information: its `Debug` and `Display`
/// show only the last four digits; the full number needs [`Rin::expose`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Rin(String);

impl Rin {
    pub fn parse(typed: &str) -> Result<Rin, &'static str> {
        let digits = digits_only(typed);
        if digits.is_empty() {
            return Err("Enter the Recipient ID");
        }
        if digits.len() != 9 || typed.chars().any(|c| c.is_ascii_alphabetic()) {
            return Err("Recipient ID must be 9 digits");
        }
        Ok(Rin(digits))
    }

    /// The last four digits, for lists.
    pub fn last4(&self) -> &str {
        &self.0[5..]
    }

    /// "•••••1234": what lists show.
    pub fn masked(&self) -> String {
        format!("•••••{}", self.last4())
    }

    /// The full number, for the screens that must show it (behind a session and an access check).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Rin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rin({})", self.masked())
    }
}

impl fmt::Display for Rin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npis_with_their_check_digit() {
        // CMS's worked example: 123456789 has check digit 3.
        assert_eq!(Npi::parse("1234567893").unwrap().as_str(), "1234567893");
        assert_eq!(Npi::parse(" 123-456-7893 ").unwrap().as_str(), "1234567893");
        assert_eq!(
            Npi::parse("1234567890"),
            Err("Check the NPI: it is not a valid number (the last digit does not match)")
        );
        assert_eq!(Npi::parse("123456789"), Err("NPI must be 10 digits"));
        assert_eq!(Npi::parse("12345678931"), Err("NPI must be 10 digits"));
        assert_eq!(Npi::parse("12345678a3"), Err("NPI must be 10 digits"));
        assert_eq!(Npi::parse("  "), Err("Enter the NPI"));
    }

    #[test]
    fn every_npi_has_exactly_one_check_digit() {
        for base in ["123456789", "999999999", "100000000", "482910375"] {
            let valid: Vec<u32> = (0..10)
                .filter(|d| Npi::parse(&format!("{base}{d}")).is_ok())
                .collect();
            assert_eq!(valid.len(), 1, "{base}: {valid:?}");
        }
    }

    #[test]
    fn rins_are_nine_digits_and_never_print_in_full() {
        let rin = Rin::parse("123 45 6789").unwrap();
        assert_eq!(rin.expose(), "123456789");
        assert_eq!(rin.last4(), "6789");
        assert_eq!(rin.to_string(), "•••••6789");
        assert_eq!(format!("{rin:?}"), "Rin(•••••6789)");
        assert_eq!(Rin::parse("12345678"), Err("Recipient ID must be 9 digits"));
        assert_eq!(
            Rin::parse("1234567890"),
            Err("Recipient ID must be 9 digits")
        );
        assert_eq!(
            Rin::parse("12345678x"),
            Err("Recipient ID must be 9 digits")
        );
        assert_eq!(Rin::parse(""), Err("Enter the Recipient ID"));
    }
}
