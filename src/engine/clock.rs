//! The logical clock.
//!
//! The engine never reads the wall clock (`Instant::now` panics on wasm32, and a real clock would
//! make outputs differ between runs). Time is a count of seconds since the world began, moved
//! forward by whoever drives the engine: the session advances it by one second per command, so
//! `docker ps` right after `docker run` says `1 second ago`, as a learner would see on a real host.

use std::fmt;

/// Seconds since the simulated world started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Timestamp(pub u64);

impl Timestamp {
    pub fn seconds_since(self, earlier: Timestamp) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The simulated calendar: second 0 of every world is 2026-03-01 09:00:00 UTC, the morning
/// Play with Docker closed. Only used to print dates; all logic uses seconds.
pub const EPOCH_UNIX: u64 = 1_772_355_600;

impl Timestamp {
    /// Seconds since 1970 on the simulated calendar.
    pub fn unix(self) -> u64 {
        EPOCH_UNIX.saturating_add(self.0)
    }

    /// `(year, month, day, hour, minute, second)` in UTC.
    pub fn civil(self) -> (i64, u32, u32, u32, u32, u32) {
        civil_from_unix(self.unix())
    }

    /// RFC 3339 with nanoseconds, as the Engine API writes `Created`.
    pub fn rfc3339_nanos(self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        // The nanoseconds are made up but stable, as a real daemon's would look.
        let nanos = (self.0.wrapping_mul(2_654_435_761) % 1_000_000_000) as u32;
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{nanos:09}Z")
    }

    /// Go's `time.Time.String()` in UTC: `2026-03-01 09:00:05 +0000 UTC`.
    pub fn go_string(self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} +0000 UTC")
    }
}

/// `(year, month, day, hour, minute, second)` in UTC of a time in seconds since 1970 (files
/// of an image keep their build's times, which are before the simulated calendar's start).
pub fn civil_from_unix(secs: u64) -> (i64, u32, u32, u32, u32, u32) {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    let hour = u32::try_from(rem / 3600).unwrap_or(0);
    let minute = u32::try_from(rem % 3600 / 60).unwrap_or(0);
    let second = u32::try_from(rem % 60).unwrap_or(0);
    (year, month, day, hour, minute, second)
}

/// Docker's `units.HumanDuration` (docker/go-units `duration.go`), the text in `CREATED` and
/// `STATUS` columns.
pub fn human_duration(seconds: u64) -> String {
    let minutes = seconds / 60;
    let hours = (seconds + 30 * 60) / 3600; // go-units rounds hours
    match seconds {
        0 => "Less than a second".to_string(),
        1 => "1 second".to_string(),
        2..=59 => format!("{seconds} seconds"),
        _ if minutes == 1 => "About a minute".to_string(),
        _ if minutes < 60 => format!("{minutes} minutes"),
        _ if hours == 1 => "About an hour".to_string(),
        _ if hours < 48 => format!("{hours} hours"),
        _ if hours < 24 * 7 * 2 => format!("{} days", hours / 24),
        _ if hours < 24 * 30 * 2 => format!("{} weeks", hours / 24 / 7),
        _ if hours < 24 * 365 * 2 => format!("{} months", hours / 24 / 30),
        _ => format!("{} years", hours / 24 / 365),
    }
}

#[cfg(test)]
mod tests {
    use super::human_duration;

    #[test]
    fn the_simulated_calendar_starts_on_1_march_2026() {
        assert_eq!(
            super::Timestamp(0).go_string(),
            "2026-03-01 09:00:00 +0000 UTC"
        );
        assert_eq!(
            super::Timestamp(86_400 * 31 + 61).civil(),
            (2026, 4, 1, 9, 1, 1)
        );
        assert!(super::Timestamp(5)
            .rfc3339_nanos()
            .starts_with("2026-03-01T09:00:05."));
    }

    #[test]
    fn matches_go_units() {
        let cases = [
            (0, "Less than a second"),
            (1, "1 second"),
            (59, "59 seconds"),
            (60, "About a minute"),
            (119, "About a minute"),
            (120, "2 minutes"),
            (3599, "59 minutes"),
            (3600, "About an hour"),
            (2 * 3600, "2 hours"),
            (47 * 3600, "47 hours"),
            (48 * 3600, "2 days"),
            (14 * 86400, "2 weeks"),
            (60 * 86400, "2 months"),
            (800 * 86400, "2 years"),
        ];
        for (secs, want) in cases {
            assert_eq!(human_duration(secs), want, "{secs} seconds");
        }
    }
}
