//! Dates without a clock: the simulated world lives at a fixed "now" so a seed gives the
//! same Last-Modified headers and ODS `modified` fields on every run and every machine.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The world's "now": 2025-06-02T08:00:00Z.
pub(crate) const NOW: i64 = 1_748_851_200;
/// One day in seconds.
pub(crate) const DAY: i64 = 86_400;

/// RFC 3339 (`2024-03-05T10:00:00+00:00`), as OpenDataSoft writes it.
pub(crate) fn rfc3339(t: i64) -> String {
    let (y, m, d) = civil(t.div_euclid(DAY));
    let s = t.rem_euclid(DAY);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+00:00",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// `YYYY-MM-DD`.
pub(crate) fn ymd(t: i64) -> String {
    let (y, m, d) = civil(t.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Year and month.
pub(crate) fn year_month(t: i64) -> (i64, u32) {
    let (y, m, _) = civil(t.div_euclid(DAY));
    (y, m)
}

/// An HTTP date (`Tue, 05 Mar 2024 10:00:00 GMT`).
pub(crate) fn http_date(t: i64) -> String {
    httpdate::fmt_http_date(system_time(t))
}

pub(crate) fn system_time(t: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(t.max(0) as u64)
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(rfc3339(NOW), "2025-06-02T08:00:00+00:00");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(ymd(951_782_400), "2000-02-29");
        assert_eq!(http_date(NOW), "Mon, 02 Jun 2025 08:00:00 GMT");
    }
}
