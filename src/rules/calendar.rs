//! Public holidays per jurisdiction, for deadlines counted in business days and for last days
//! that move off a holiday. Pure date arithmetic (chrono only). Each calendar names the statute
//! or page its list was read from, and says what in it could not be confirmed. Moved and one-off
//! days are listed from 2020 on; proclamations after 2026 cannot be known.

use chrono::{Datelike, Days, NaiveDate, TimeDelta, Weekday};

/// A holiday calendar: the public holidays of one jurisdiction, as its law defines them for
/// counting time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calendar {
    /// Interpretation Act (R.S.C. 1985, c. I-21) s.35(1) "holiday", with the Holidays Act.
    Canada,
    /// Interpretation Act (CQLR c. I-16) s.61(23) "jour férié".
    Quebec,
    /// Interpretation Act (RSBC 1996, c. 238) s.29 "holiday".
    BritishColumbia,
    /// Interpretation Act (RSA 2000, c. I-8) s.28 "holiday".
    Alberta,
    /// Legislation Act, 2006 (S.O. 2006, c. 21, Sch. F) ss.87-88 "holiday".
    Ontario,
    /// Civ. Code §7 with Gov. Code §§6700-6701.
    California,
    /// Bank holidays in England and Wales (Banking and Financial Dealings Act 1971, Sch. 1).
    EnglandWales,
    /// Bank holidays in Scotland.
    Scotland,
    /// Bank holidays in Northern Ireland.
    NorthernIreland,
    /// The days that are public holidays in every member state of the European Union (for the
    /// GDPR's Reg. 1182/71, which moves a last day off the holidays of the member state
    /// concerned; the others are not modelled).
    EuCommon,
}

impl Calendar {
    /// For the rules table: `calendar = "CA"` etc.
    pub const CHOICES: &'static [(&'static str, Calendar)] = &[
        ("CA", Calendar::Canada),
        ("CA-QC", Calendar::Quebec),
        ("CA-BC", Calendar::BritishColumbia),
        ("CA-AB", Calendar::Alberta),
        ("CA-ON", Calendar::Ontario),
        ("US-CA", Calendar::California),
        ("GB-EAW", Calendar::EnglandWales),
        ("GB-SCT", Calendar::Scotland),
        ("GB-NIR", Calendar::NorthernIreland),
        ("EU", Calendar::EuCommon),
    ];

    /// The code used in the rules table (one of [`Calendar::CHOICES`]).
    pub fn code(self) -> &'static str {
        Self::CHOICES
            .iter()
            .find(|(_, calendar)| *calendar == self)
            .map_or("", |(code, _)| code)
    }

    /// The calendar for a code of [`Calendar::CHOICES`].
    pub fn from_code(code: &str) -> Option<Calendar> {
        Self::CHOICES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, calendar)| *calendar)
    }

    /// The jurisdiction's name, for display.
    pub fn name(self) -> &'static str {
        ABOUT[self as usize].0
    }

    /// The statute or official page that lists the holidays (a URL), for provenance.
    pub fn source(self) -> &'static str {
        ABOUT[self as usize].1
    }

    /// What in this calendar could not be confirmed from the sources (None when all is confirmed).
    pub fn unconfirmed(self) -> Option<&'static str> {
        Some(ABOUT[self as usize].2).filter(|text| !text.is_empty())
    }

    /// The holiday on `date`, by name ("Good Friday", "Canada Day (observed)"), not counting
    /// ordinary Sundays/Saturdays.
    pub fn holiday(self, date: NaiveDate) -> Option<&'static str> {
        self.holidays_in(date.year())
            .into_iter()
            .find(|(day, _)| *day == date)
            .map(|(_, name)| name)
    }

    /// Whether `date` is a Sunday or a holiday in this calendar.
    pub fn is_sunday_or_holiday(self, date: NaiveDate) -> bool {
        date.weekday() == Weekday::Sun || self.holiday(date).is_some()
    }

    /// Whether `date` is a business day: Monday to Friday and not a holiday.
    pub fn is_business_day(self, date: NaiveDate) -> bool {
        !is_weekend(date) && self.holiday(date).is_none()
    }

    /// Every holiday of `year` with its name, in date order (a weekend day may appear when the
    /// holiday itself falls on it; its substitute is listed too).
    pub fn holidays_in(self, year: i32) -> Vec<(NaiveDate, &'static str)> {
        let mut days: Vec<(NaiveDate, &'static str)> = Vec::new();
        let mut on_weekend: Vec<(NaiveDate, &Entry)> = Vec::new();
        for entry in self.entries().iter().flat_map(|part| part.iter()) {
            if year < entry.from || year > entry.until || entry.skip.contains(&year) {
                continue;
            }
            let Some(date) = entry.rule.date(year) else {
                continue;
            };
            if entry.shift == Shift::SundayMoves && date.weekday() == Weekday::Sun {
                days.push((next_day(date), entry.observed));
                continue;
            }
            days.push((date, entry.name));
            if is_weekend(date) && entry.shift != Shift::None {
                on_weekend.push((date, entry));
            }
        }
        // Substitutes in date order, so that 1 and 2 January (or 25 and 26 December) on a
        // weekend take the first and second free weekdays after them.
        on_weekend.sort_by_key(|(date, _)| *date);
        for (date, entry) in on_weekend {
            let extra = match (entry.shift, date.weekday()) {
                (Shift::SundayAddsMonday | Shift::FridayOrMonday, Weekday::Sun) => {
                    Some(next_day(date))
                }
                (Shift::FridayOrMonday, Weekday::Sat) => date.checked_sub_days(Days::new(1)),
                (Shift::NextFreeWeekday, _) => {
                    let mut day = next_day(date);
                    while is_weekend(day) || days.iter().any(|(taken, _)| *taken == day) {
                        day = next_day(day);
                    }
                    Some(day)
                }
                _ => None,
            };
            if let Some(day) = extra {
                days.push((day, entry.observed));
            }
        }
        days.sort_by_key(|(date, _)| *date);
        days
    }

    fn entries(self) -> &'static [&'static [Entry]] {
        match self {
            Calendar::Canada => CANADA,
            Calendar::Quebec => QUEBEC,
            Calendar::BritishColumbia => BRITISH_COLUMBIA,
            Calendar::Alberta => ALBERTA,
            Calendar::Ontario => ONTARIO,
            Calendar::California => CALIFORNIA,
            Calendar::EnglandWales => ENGLAND_WALES,
            Calendar::Scotland => SCOTLAND,
            Calendar::NorthernIreland => NORTHERN_IRELAND,
            Calendar::EuCommon => EU_COMMON,
        }
    }
}

/// Per calendar, in declaration order: name, source, what could not be confirmed.
const ABOUT: [(&str, &str, &str); 10] = [
    (
        "Canada (federal)",
        "http://laws.justice.gc.ca/eng/acts/I-21/FullText.html",
        "Thanksgiving is proclaimed each year; taken as the 2nd Monday of October. 19 Sep 2022 \
         (National Day of Mourning) is counted, but no proclamation under s.35 was read. The \
         provincial holidays and non-juridical days s.35 adds \"in any province\" are not included.",
    ),
    (
        "Québec",
        "https://www.legisquebec.gouv.qc.ca/fr/version/lc/I-16?code=se:61&historique=20220209",
        "s.61(23) was read in a third-party copy. The Sovereign's birthday (s.61(23)(i), proclaimed \
         by the Governor General) is taken as the Monday before 25 May. 2 January, 26 December and \
         Saturdays are holidays only under tribunal rules (CAI, A-2.1 r.6), not I-16: not counted.",
    ),
    (
        "British Columbia",
        "http://bcfamilylawresource.blogspot.com/2012/05/happy-family-day.html",
        "s.29 was read in a 2012 secondary copy. Family Day (2nd Monday of February 2013-2018, 3rd \
         from 2019) and the National Day for Truth and Reconciliation (from 2023, Bill 2) are \
         counted as days set by the Legislature; the current s.29 was not read. BC Day is taken as \
         the 1st Monday of August, Thanksgiving as the 2nd of October. No weekend substitutes.",
    ),
    (
        "Alberta",
        "http://www.canlii.com/ab/laws/sta/i-8/20040623/whole.html",
        "The s.28 \"holiday\" definition could not be read. Used: the Employment Standards Code's \
         general holidays (incl. Family Day) plus Sunday and Easter Monday. Boxing Day, Heritage \
         Day and the National Day for Truth and Reconciliation are not counted.",
    ),
    (
        "Ontario",
        "https://ottawaemploymentlaw.com/2018/07/holidays-on-sunday.html?m=1",
        "ss.87-88 were read in a 2018 secondary summary, not in e-Laws. Family Day is counted from \
         2008, Thanksgiving as the 2nd Monday of October. The Civic Holiday is not in the Act.",
    ),
    (
        "California",
        "https://www.legalfina.com/en/laws/ca/government/general/miscellaneous/holidays",
        "§6701 Sunday substitutes were read in its 2017 text (1 Jan, 12 Feb, 31 Mar, 4 Jul, 9 Sep, \
         11 Nov, 25 Dec; 11 Nov on a Saturday gives the Friday); substitutes for the 2023 days \
         (24 Apr, 19 Jun, Lunar New Year) were not found. Lunar New Year uses published dates \
         2023-2045 (the statute's new-moon rule names no time zone). Good Friday noon-3 p.m. and \
         Saturday afternoons (§6702) are part-day holidays, not counted. Thanksgiving is the 4th \
         Thursday of November; the day after is only a court holiday. Other days the President or \
         Governor may appoint are not included.",
    ),
    (
        "England and Wales",
        "http://legislation.data.gov.uk/ukpga/1971/80/schedule/1/paragraph/1/data.xht",
        UK_UNCONFIRMED,
    ),
    (
        "Scotland",
        "https://www.legislation.gov.uk/asp/2007/2/section/1/data.xht?view=snippet&wrap=true",
        "Schedule 1 paragraph 2 was read in secondary copies (the statute only for St Andrew's Day). \
         Weekend substitutes and one-off days (2020-2023; 15 June 2026 for the World Cup, from news \
         reports) are appointed by proclamation; later ones cannot be known.",
    ),
    (
        "Northern Ireland",
        "http://legislation.data.gov.uk/ukpga/1971/80/schedule/1/paragraph/1/data.xht",
        "Northern Ireland's paragraph of Schedule 1 was not read: St Patrick's Day and 12 July are \
         from secondary lists. Weekend substitutes and one-off days (2020-2023, from news reports) \
         are appointed by proclamation; later ones cannot be known.",
    ),
    (
        "the European Union (days common to every member state)",
        "https://eur-lex.europa.eu/legal-content/EN/ALL/?uri=CELEX:31971R1182",
        "Only 1 January and 25 December are counted, taken as public holidays in every member \
         state; no list of every state's holidays was read. The other national and regional \
         holidays of the person's member state (and of the company's, for some readings of \
         Reg. 1182/71) may also move a last day: they are not in forget's rules.",
    ),
];
const UK_UNCONFIRMED: &str = "New Year's Day, the early May bank holiday and weekend substitutes \
     are appointed each year by royal proclamation; the usual pattern is assumed. The moved and \
     one-off days of 2020-2023 are from news reports; later proclamations cannot be known.";

/// Easter Sunday of `year` (Gregorian, anonymous algorithm).
pub fn easter(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let (b, c) = (year.div_euclid(100), year.rem_euclid(100));
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    NaiveDate::from_ymd_opt(year, (n / 31) as u32, (n % 31 + 1) as u32)
        .expect("Easter falls in March or April")
}

/// The `n`th (1-based) `weekday` of `month`, or counting from the end for negative `n` (-1 is
/// the last one). None when the month has no such day or `n` is 0.
pub fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: i32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let date = if n > 0 {
        let offset =
            (weekday.num_days_from_monday() + 7 - first.weekday().num_days_from_monday()) % 7;
        first.checked_add_days(Days::new(u64::from(offset) + 7 * (n as u64 - 1)))?
    } else if n < 0 {
        let last = first
            .checked_add_months(chrono::Months::new(1))?
            .pred_opt()?;
        let back = (last.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
        last.checked_sub_days(Days::new(
            u64::from(back) + 7 * (n.unsigned_abs() as u64 - 1),
        ))?
    } else {
        return None;
    };
    (date.month() == month).then_some(date)
}

/// The day `n` business days after `start` (start itself not counted), in `calendar`.
pub fn add_business_days(calendar: Calendar, start: NaiveDate, n: u32) -> NaiveDate {
    let mut date = start;
    let mut counted = 0;
    while counted < n {
        date = next_day(date);
        if calendar.is_business_day(date) {
            counted += 1;
        }
    }
    date
}

/// The first day on or after `date` that is not a Sunday or holiday (Saturday stays) — Canada's
/// and Québec's and California's rule for a last day.
pub fn next_non_holiday(calendar: Calendar, date: NaiveDate) -> NaiveDate {
    let mut date = date;
    while calendar.is_sunday_or_holiday(date) {
        date = next_day(date);
    }
    date
}

/// The first business day on or after `date` (skips Saturdays, Sundays and holidays).
pub fn next_business_day(calendar: Calendar, date: NaiveDate) -> NaiveDate {
    let mut date = date;
    while !calendar.is_business_day(date) {
        date = next_day(date);
    }
    date
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date + Days::new(1)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// How a holiday's date is found in a year.
#[derive(Clone, Copy)]
enum Rule {
    /// A fixed day of a month.
    Fixed(u32, u32),
    /// The `n`th weekday of a month (-1 = last).
    Nth(u32, Weekday, i32),
    /// Days after Easter Sunday (negative: before).
    Easter(i64),
    /// The Monday before 25 May (Victoria Day; Journée nationale des patriotes).
    MondayBefore25May,
    /// One day of one year.
    On(i32, u32, u32),
    /// California's Lunar New Year, from [`LUNAR_NEW_YEAR`].
    LunarNewYear,
}

impl Rule {
    fn date(self, year: i32) -> Option<NaiveDate> {
        match self {
            Rule::Fixed(month, day) => NaiveDate::from_ymd_opt(year, month, day),
            Rule::Nth(month, weekday, n) => nth_weekday(year, month, weekday, n),
            Rule::Easter(offset) => easter(year).checked_add_signed(TimeDelta::days(offset)),
            Rule::MondayBefore25May => {
                let may_24 = NaiveDate::from_ymd_opt(year, 5, 24)?;
                let back = may_24.weekday().num_days_from_monday();
                may_24.checked_sub_days(Days::new(u64::from(back)))
            }
            Rule::On(y, month, day) => NaiveDate::from_ymd_opt(y, month, day).filter(|_| y == year),
            Rule::LunarNewYear => {
                let index = usize::try_from(year - LUNAR_NEW_YEAR_FROM).ok()?;
                let mmdd = LUNAR_NEW_YEAR.get(index)?;
                NaiveDate::from_ymd_opt(year, mmdd / 100, mmdd % 100)
            }
        }
    }
}

/// What a holiday that falls on a weekend brings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shift {
    /// Nothing.
    None,
    /// On a Sunday the holiday is the Monday instead (Holidays Act s.2, Canada Day).
    SundayMoves,
    /// On a Sunday the Monday is a holiday too (Gov. Code §6701; Legislation Act s.88(3)).
    SundayAddsMonday,
    /// On a Saturday the Friday before, on a Sunday the Monday after (§6701, Veterans Day).
    FridayOrMonday,
    /// On a Saturday or Sunday the next weekday that is not already a holiday (UK substitute
    /// days; Legislation Act s.88(5) for Christmas).
    NextFreeWeekday,
}

/// One line of a calendar's table.
struct Entry {
    name: &'static str,
    /// The name of the substitute day.
    observed: &'static str,
    rule: Rule,
    shift: Shift,
    /// First and last year the rule applies (inclusive).
    from: i32,
    until: i32,
    /// Years the day was moved by proclamation (the moved day is a separate entry).
    skip: &'static [i32],
}

const fn day(name: &'static str, rule: Rule) -> Entry {
    Entry {
        name,
        observed: name,
        rule,
        shift: Shift::None,
        from: i32::MIN,
        until: i32::MAX,
        skip: &[],
    }
}

impl Entry {
    const fn or(self, shift: Shift, observed: &'static str) -> Entry {
        Entry {
            shift,
            observed,
            ..self
        }
    }
    const fn years(self, from: i32, until: i32) -> Entry {
        Entry {
            from,
            until,
            ..self
        }
    }
    const fn except(self, skip: &'static [i32]) -> Entry {
        Entry { skip, ..self }
    }
}

use Rule::{Easter as E, Fixed, MondayBefore25May, Nth, On};
use Weekday::{Fri, Mon, Thu};

const NEW_YEAR: Entry = day("New Year's Day", Fixed(1, 1));
const CHRISTMAS: Entry = day("Christmas Day", Fixed(12, 25));
const BOXING_DAY: Entry = day("Boxing Day", Fixed(12, 26));
const EASTER_MONDAY: Entry = day("Easter Monday", E(1));
const NDTR: Entry = day("National Day for Truth and Reconciliation", Fixed(9, 30));
const FAMILY_DAY: Entry = day("Family Day", Nth(2, Mon, 3));

/// Days every Canadian calendar here has (Québec names two of them differently).
const CANADA_COMMON: &[Entry] = &[
    day("Good Friday", E(-2)),
    day("Canada Day", Fixed(7, 1)).or(Shift::SundayMoves, "Canada Day (observed)"),
    day("Labour Day", Nth(9, Mon, 1)),
];
const CANADA_ENGLISH: &[Entry] = &[
    EASTER_MONDAY,
    day("Victoria Day", MondayBefore25May),
    day("Thanksgiving Day", Nth(10, Mon, 2)),
    day("Remembrance Day", Fixed(11, 11)),
];

const CANADA: &[&[Entry]] = &[
    CANADA_COMMON,
    CANADA_ENGLISH,
    &[
        NEW_YEAR,
        NDTR.years(2021, i32::MAX),
        CHRISTMAS,
        day(
            "National Day of Mourning (Queen Elizabeth II)",
            On(2022, 9, 19),
        ),
    ],
];

const QUEBEC: &[&[Entry]] = &[
    CANADA_COMMON,
    &[
        NEW_YEAR,
        EASTER_MONDAY,
        day(
            "Journée nationale des patriotes (Sovereign's birthday)",
            MondayBefore25May,
        ),
        day("Fête nationale du Québec", Fixed(6, 24)),
        day("Thanksgiving Day (Action de grâces)", Nth(10, Mon, 2)),
        CHRISTMAS,
    ],
];

const BRITISH_COLUMBIA: &[&[Entry]] = &[
    CANADA_COMMON,
    CANADA_ENGLISH,
    &[
        NEW_YEAR,
        day("Family Day", Nth(2, Mon, 2)).years(2013, 2018),
        FAMILY_DAY.years(2019, i32::MAX),
        day("British Columbia Day", Nth(8, Mon, 1)),
        NDTR.years(2023, i32::MAX),
        CHRISTMAS,
        BOXING_DAY,
    ],
];

const ALBERTA: &[&[Entry]] = &[
    CANADA_COMMON,
    CANADA_ENGLISH,
    &[
        NEW_YEAR,
        day("Alberta Family Day", Nth(2, Mon, 3)).years(1990, i32::MAX),
        CHRISTMAS,
    ],
];

const ONTARIO: &[&[Entry]] = &[
    CANADA_COMMON,
    CANADA_ENGLISH,
    &[
        NEW_YEAR.or(Shift::SundayAddsMonday, "New Year's Day (observed)"),
        FAMILY_DAY.years(2008, i32::MAX),
        CHRISTMAS.or(Shift::NextFreeWeekday, "Christmas Day (observed)"),
        BOXING_DAY,
    ],
];

const CALIFORNIA: &[&[Entry]] = &[&[
    NEW_YEAR.or(Shift::SundayAddsMonday, "New Year's Day (observed)"),
    day("Dr. Martin Luther King, Jr. Day", Nth(1, Mon, 3)),
    day("Lunar New Year", Rule::LunarNewYear).years(2023, i32::MAX),
    day("Lincoln Day", Fixed(2, 12)).or(Shift::SundayAddsMonday, "Lincoln Day (observed)"),
    day("Presidents' Day", Nth(2, Mon, 3)),
    day("Cesar Chavez Day", Fixed(3, 31))
        .or(Shift::SundayAddsMonday, "Cesar Chavez Day (observed)"),
    day("Genocide Remembrance Day", Fixed(4, 24)).years(2023, i32::MAX),
    day("Memorial Day", Nth(5, Mon, -1)),
    day("Juneteenth", Fixed(6, 19)).years(2023, i32::MAX),
    day("Independence Day", Fixed(7, 4)).or(Shift::SundayAddsMonday, "Independence Day (observed)"),
    day("Labor Day", Nth(9, Mon, 1)),
    day("Admission Day", Fixed(9, 9)).or(Shift::SundayAddsMonday, "Admission Day (observed)"),
    day("Native American Day", Nth(9, Fri, 4)),
    day("Columbus Day", Nth(10, Mon, 2)),
    day("Veterans Day", Fixed(11, 11)).or(Shift::FridayOrMonday, "Veterans Day (observed)"),
    day("Thanksgiving Day", Nth(11, Thu, 4)),
    CHRISTMAS.or(Shift::SundayAddsMonday, "Christmas Day (observed)"),
]];

/// Bank holidays of all three UK calendars, with the moved and one-off days of 2020-2023.
const UK_COMMON: &[Entry] = &[
    NEW_YEAR.or(Shift::NextFreeWeekday, "New Year's Day (substitute day)"),
    day("Good Friday", E(-2)),
    day("Early May bank holiday", Nth(5, Mon, 1)).except(&[2020]),
    day("Spring bank holiday", Nth(5, Mon, -1)).except(&[2022]),
    CHRISTMAS.or(Shift::NextFreeWeekday, "Christmas Day (substitute day)"),
    BOXING_DAY.or(Shift::NextFreeWeekday, "Boxing Day (substitute day)"),
    day("Early May bank holiday (VE Day)", On(2020, 5, 8)),
    day("Spring bank holiday", On(2022, 6, 2)),
    day("Platinum Jubilee bank holiday", On(2022, 6, 3)),
    day("State Funeral of Queen Elizabeth II", On(2022, 9, 19)),
    day("Coronation of King Charles III", On(2023, 5, 8)),
];
const UK_NOT_SCOTLAND: &[Entry] = &[EASTER_MONDAY, day("Summer bank holiday", Nth(8, Mon, -1))];

const ENGLAND_WALES: &[&[Entry]] = &[UK_COMMON, UK_NOT_SCOTLAND];

const SCOTLAND: &[&[Entry]] = &[
    UK_COMMON,
    &[
        day("2nd January", Fixed(1, 2)).or(Shift::NextFreeWeekday, "2nd January (substitute day)"),
        day("Summer bank holiday", Nth(8, Mon, 1)),
        day("St Andrew's Day", Fixed(11, 30))
            .or(Shift::NextFreeWeekday, "St Andrew's Day (substitute day)"),
        day("World Cup bank holiday", On(2026, 6, 15)),
    ],
];

/// New Year's Day and Christmas Day: public holidays in every member state of the Union.
const EU_COMMON: &[&[Entry]] = &[&[NEW_YEAR, CHRISTMAS]];

const NORTHERN_IRELAND: &[&[Entry]] = &[
    UK_COMMON,
    UK_NOT_SCOTLAND,
    &[
        day("St Patrick's Day", Fixed(3, 17))
            .or(Shift::NextFreeWeekday, "St Patrick's Day (substitute day)"),
        day("Battle of the Boyne (Orangemen's Day)", Fixed(7, 12)).or(
            Shift::NextFreeWeekday,
            "Battle of the Boyne (substitute day)",
        ),
    ],
];

/// Lunar New Year as MMDD from 2023 (published dates; weeksfromtoday.com for 2026-2045).
const LUNAR_NEW_YEAR_FROM: i32 = 2023;
const LUNAR_NEW_YEAR: [u32; 23] = [
    122, 210, 129, 217, 206, 126, 213, 203, 123, 211, 131, 219, 208, 128, 215, 204, 124, 212, 201,
    122, 210, 130, 217,
];

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
