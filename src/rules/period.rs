use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Calendar days.
    Days,
    /// Days that are not Saturdays, Sundays or holidays of the deadline's calendar.
    #[serde(rename = "business-days")]
    BusinessDays,
    Months,
}

impl Unit {
    pub const CHOICES: &[(&str, Unit)] = &[
        ("days", Unit::Days),
        ("business-days", Unit::BusinessDays),
        ("months", Unit::Months),
    ];

    /// The unit's name in the rules table: `days`, `months`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Days => "days",
            Unit::BusinessDays => "business-days",
            Unit::Months => "months",
        }
    }

    /// The longest period the rules accept in this unit (a year).
    pub fn max_length(self) -> u32 {
        match self {
            Unit::Days | Unit::BusinessDays => 365,
            Unit::Months => 12,
        }
    }
}

/// A length of time: "1 month", "45 days". Serialised as `{"length": 1, "unit": "months"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub length: u32,
    pub unit: Unit,
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (one, many) = match self.unit {
            Unit::Days => ("day", "days"),
            Unit::BusinessDays => ("business day", "business days"),
            Unit::Months => ("month", "months"),
        };
        f.write_str(&crate::text::plural(self.length, one, many))
    }
}
