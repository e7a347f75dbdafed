//! Tests of `calendar.rs`, kept apart so that the module itself stays short.
use super::*;
use Calendar::*;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}
/// The holiday's name on `day`.
fn on(calendar: Calendar, day: &str) -> Option<&'static str> {
    calendar.holiday(d(day))
}
/// Whether `day` is a business day.
fn open(calendar: Calendar, day: &str) -> bool {
    calendar.is_business_day(d(day))
}

#[test]
fn easter_2026_is_5_april() {
    assert_eq!(
        [easter(2025), easter(2026), easter(2027)],
        [d("2025-04-20"), d("2026-04-05"), d("2027-03-28")]
    );
    assert_eq!(on(EnglandWales, "2026-04-03"), Some("Good Friday"));
    assert_eq!(on(EnglandWales, "2026-04-06"), Some("Easter Monday"));
}

#[test]
fn nth_weekday_finds_first_third_and_last_mondays_or_none() {
    assert_eq!(nth_weekday(2026, 9, Mon, 1), Some(d("2026-09-07")));
    assert_eq!(nth_weekday(2026, 2, Mon, 3), Some(d("2026-02-16")));
    assert_eq!(nth_weekday(2026, 5, Mon, -1), Some(d("2026-05-25")));
    assert_eq!(
        [nth_weekday(2026, 2, Mon, 5), nth_weekday(2026, 2, Mon, 0)],
        [None, None]
    );
}

#[test]
fn victoria_day_2026_is_18_may_because_25_may_is_itself_a_monday() {
    assert_eq!(on(Canada, "2026-05-18"), Some("Victoria Day"));
    assert_eq!(on(Canada, "2026-05-25"), None);
    assert_eq!(on(Canada, "2025-05-19"), Some("Victoria Day"));
    assert!(
        on(Quebec, "2026-05-18")
            .unwrap()
            .starts_with("Journée nationale des patriotes")
    );
}

#[test]
fn canada_day_on_a_sunday_moves_to_the_monday_federally() {
    // 1 July 2018 was a Sunday; the Holidays Act makes 2 July Canada Day.
    assert_eq!(on(Canada, "2018-07-01"), None);
    assert_eq!(on(Canada, "2018-07-02"), Some("Canada Day (observed)"));
    assert_eq!(on(Quebec, "2018-07-02"), Some("Canada Day (observed)"));
    assert_eq!(next_non_holiday(Canada, d("2018-07-01")), d("2018-07-03"));
}

#[test]
fn boxing_day_is_not_a_federal_holiday_but_is_one_in_bc_and_ontario() {
    assert!(open(Canada, "2025-12-26") && open(Quebec, "2025-12-26"));
    assert_eq!(on(BritishColumbia, "2025-12-26"), Some("Boxing Day"));
    assert_eq!(on(Ontario, "2025-12-26"), Some("Boxing Day"));
}

#[test]
fn truth_and_reconciliation_day_counts_federally_from_2021_and_in_bc_from_2023() {
    assert!(on(Canada, "2021-09-30").is_some() && on(Canada, "2020-09-30").is_none());
    assert!(on(BritishColumbia, "2025-09-30").is_some());
    assert!(on(BritishColumbia, "2022-09-30").is_none());
    assert!(open(Quebec, "2025-09-30") && open(Alberta, "2025-09-30"));
}

#[test]
fn a_pipeda_last_day_on_the_sunday_before_thanksgiving_moves_to_the_tuesday() {
    assert_eq!(on(Canada, "2026-10-12"), Some("Thanksgiving Day"));
    assert_eq!(next_non_holiday(Canada, d("2026-10-11")), d("2026-10-13"));
}

#[test]
fn new_years_day_on_a_saturday_has_no_federal_substitute() {
    // 1 January 2028 is a Saturday: England substitutes Monday 3 January, Canada does not.
    assert!(open(Canada, "2028-01-03"));
    assert_eq!(
        on(EnglandWales, "2028-01-03"),
        Some("New Year's Day (substitute day)")
    );
}

#[test]
fn a_saturday_is_not_a_holiday_in_quebec_so_a_last_day_stays() {
    let saturday = d("2026-06-27");
    assert_eq!(next_non_holiday(Quebec, saturday), saturday);
    assert_eq!(next_business_day(Quebec, saturday), d("2026-06-29"));
}

#[test]
fn quebec_counts_fete_nationale_but_not_remembrance_day_or_2_january() {
    assert_eq!(on(Quebec, "2026-06-24"), Some("Fête nationale du Québec"));
    assert!(open(Quebec, "2026-11-11") && open(Quebec, "2026-01-02"));
    assert_eq!(on(Canada, "2026-11-11"), Some("Remembrance Day"));
}

#[test]
fn bc_family_day_is_a_holiday_from_2019_on_the_third_monday() {
    assert_eq!(on(BritishColumbia, "2019-02-18"), Some("Family Day"));
    assert_eq!(on(BritishColumbia, "2018-02-12"), Some("Family Day"));
    assert!(open(BritishColumbia, "2018-02-19") && open(BritishColumbia, "2012-02-13"));
    assert!(open(Canada, "2026-02-16") && !open(BritishColumbia, "2026-02-16"));
}

#[test]
fn thirty_bc_business_days_from_1_december_2026_skip_christmas_and_new_years_day() {
    // Boxing Day 2026 is a Saturday and BC has no substitute, so 28 December counts.
    assert!(open(BritishColumbia, "2026-12-28"));
    let start = d("2026-12-01");
    assert_eq!(
        add_business_days(BritishColumbia, start, 30),
        d("2027-01-14")
    );
    assert_eq!(add_business_days(BritishColumbia, start, 0), start);
}

#[test]
fn ontario_counts_easter_monday_but_not_the_civic_holiday() {
    assert_eq!(on(Ontario, "2026-04-06"), Some("Easter Monday"));
    assert!(open(Ontario, "2026-08-03"));
    assert_eq!(
        on(BritishColumbia, "2026-08-03"),
        Some("British Columbia Day")
    );
}

#[test]
fn ontario_christmas_on_a_saturday_adds_the_monday_but_not_the_tuesday() {
    assert_eq!(on(Ontario, "2027-12-27"), Some("Christmas Day (observed)"));
    assert!(open(Ontario, "2027-12-28"));
    // Christmas on a Sunday (2022): Boxing Day on the Monday, Christmas on the Tuesday.
    assert_eq!(on(Ontario, "2022-12-27"), Some("Christmas Day (observed)"));
    assert_eq!(on(Ontario, "2023-01-02"), Some("New Year's Day (observed)"));
}

#[test]
fn alberta_counts_family_day_but_not_heritage_day() {
    assert_eq!(on(Alberta, "2026-02-16"), Some("Alberta Family Day"));
    assert!(open(Alberta, "2026-08-03"));
}

#[test]
fn california_counts_cesar_chavez_day() {
    assert_eq!(on(California, "2025-03-31"), Some("Cesar Chavez Day"));
    assert!(!open(California, "2025-03-31") && open(Canada, "2025-03-31"));
}

#[test]
fn california_moves_a_sunday_fourth_of_july_to_monday_but_not_a_saturday_one_to_friday() {
    assert_eq!(
        on(California, "2027-07-05"),
        Some("Independence Day (observed)")
    );
    assert!(open(California, "2026-07-03"));
}

#[test]
fn california_veterans_day_on_a_saturday_is_observed_the_friday_before() {
    assert_eq!(
        on(California, "2023-11-10"),
        Some("Veterans Day (observed)")
    );
}

#[test]
fn california_counts_juneteenth_and_lunar_new_year_from_2023() {
    assert_eq!(on(California, "2026-06-19"), Some("Juneteenth"));
    assert_eq!(on(California, "2026-02-17"), Some("Lunar New Year"));
    assert_eq!(
        on(California, "2026-04-24"),
        Some("Genocide Remembrance Day")
    );
    assert!(open(California, "2022-02-01") && open(California, "2046-02-06"));
}

#[test]
fn fifteen_california_business_days_from_16_november_2026_skip_thanksgiving_only() {
    assert!(open(California, "2026-11-27"));
    assert_eq!(
        add_business_days(California, d("2026-11-16"), 15),
        d("2026-12-08")
    );
}

#[test]
fn a_california_last_day_on_a_saturday_stays_and_one_on_thanksgiving_moves() {
    assert_eq!(
        next_non_holiday(California, d("2026-11-28")),
        d("2026-11-28")
    );
    assert_eq!(
        next_non_holiday(California, d("2026-11-26")),
        d("2026-11-27")
    );
}

#[test]
fn england_substitutes_boxing_day_2026_to_monday_28_december() {
    assert_eq!(
        on(EnglandWales, "2026-12-28"),
        Some("Boxing Day (substitute day)")
    );
    assert_eq!(
        next_business_day(EnglandWales, d("2026-12-25")),
        d("2026-12-29")
    );
    assert_eq!(
        on(EnglandWales, "2027-12-27"),
        Some("Christmas Day (substitute day)")
    );
    assert_eq!(
        on(EnglandWales, "2027-12-28"),
        Some("Boxing Day (substitute day)")
    );
}

#[test]
fn scotland_has_2_january_and_st_andrews_day_but_no_easter_monday() {
    assert_eq!(on(Scotland, "2025-01-02"), Some("2nd January"));
    assert_eq!(
        on(Scotland, "2025-12-01"),
        Some("St Andrew's Day (substitute day)")
    );
    assert!(open(Scotland, "2026-04-06"));
    // 1 and 2 January 2022 fell on a weekend: Monday 3 and Tuesday 4 January.
    assert!(!open(Scotland, "2022-01-04") && open(EnglandWales, "2022-01-04"));
}

#[test]
fn scotland_summer_bank_holiday_is_the_first_monday_of_august() {
    assert_eq!(on(Scotland, "2025-08-04"), Some("Summer bank holiday"));
    assert!(open(Scotland, "2025-08-25") && open(EnglandWales, "2025-08-04"));
}

#[test]
fn northern_ireland_moves_the_twelfth_on_a_sunday_to_monday_13_july_2026() {
    assert_eq!(
        on(NorthernIreland, "2026-07-13"),
        Some("Battle of the Boyne (substitute day)")
    );
    assert!(open(EnglandWales, "2026-07-13"));
    assert_eq!(
        on(NorthernIreland, "2024-03-18"),
        Some("St Patrick's Day (substitute day)")
    );
}

#[test]
fn the_2022_and_2023_royal_bank_holidays_are_counted_across_the_uk() {
    for calendar in [EnglandWales, Scotland, NorthernIreland] {
        assert!(open(calendar, "2022-05-30"), "{calendar:?}");
        for day in ["2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"] {
            assert!(!open(calendar, day), "{calendar:?} {day}");
        }
    }
}

#[test]
fn scotland_gets_the_world_cup_bank_holiday_on_15_june_2026_but_england_does_not() {
    assert_eq!(on(Scotland, "2026-06-15"), Some("World Cup bank holiday"));
    assert!(open(EnglandWales, "2026-06-15"));
}

#[test]
fn every_code_round_trips_and_every_calendar_names_a_source() {
    for (code, calendar) in Calendar::CHOICES {
        assert_eq!(
            (calendar.code(), Calendar::from_code(code)),
            (*code, Some(*calendar))
        );
        assert!(calendar.source().starts_with("http") && !calendar.name().is_empty());
    }
    assert_eq!(Calendar::from_code("XX"), None);
}
