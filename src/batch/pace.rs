//! How fast, and how many a day, a batch sends: a rate (`10/s`, `600/min`, `1000/h`) and a daily
//! cap, both counted from the case log so that they hold across runs: a batch restarted right
//! after a crash waits its turn, and one restarted the same day sends only what is left of the
//! day's cap.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A sending rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Messages per second.
    per_second: f64,
    text: (u64, &'static str),
}

impl Rate {
    /// The pause between two messages.
    pub fn interval(self) -> Duration {
        Duration::from_secs_f64(1.0 / self.per_second)
    }
}

impl FromStr for Rate {
    type Err = String;

    fn from_str(text: &str) -> Result<Rate, String> {
        let (count, unit) = text.trim().split_once('/').unwrap_or((text.trim(), "s"));
        let (seconds, unit) = match unit.trim() {
            "s" | "sec" | "second" => (1.0, "s"),
            "m" | "min" | "minute" => (60.0, "min"),
            "h" | "hour" => (3600.0, "h"),
            other => {
                return Err(format!(
                    "unknown unit `{other}` in the rate `{text}`: write it as `10/s`, `600/min` \
                     or `1000/h`"
                ));
            }
        };
        let count: u64 = count.trim().parse().map_err(|_| {
            format!("`{text}` is not a rate: write it as `10/s`, `600/min` or `1000/h`")
        })?;
        if count == 0 {
            return Err(
                "a rate of 0 sends nothing: leave `--rate` out to send as fast as the \
                        server takes them"
                    .to_string(),
            );
        }
        Ok(Rate {
            per_second: count as f64 / seconds,
            text: (count, unit),
        })
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.text.0, self.text.1)
    }
}

/// The pace of one run.
pub struct Pace {
    interval: Option<Duration>,
    /// The earliest moment the next message may go.
    next: Instant,
    cap: Option<u64>,
    /// Messages sent (or perhaps sent) today, by this and earlier runs.
    pub today: u64,
}

impl Pace {
    /// `last_at`: when the log's last e-mail went out (milliseconds since the epoch); `today`:
    /// how many went out today.
    pub fn new(rate: Option<Rate>, cap: Option<u64>, last_at: Option<i64>, today: u64) -> Pace {
        let interval = rate.map(Rate::interval);
        let now = Instant::now();
        let next = match (interval, last_at) {
            (Some(interval), Some(last)) => {
                let since = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap_or_default()
                    .saturating_sub(Duration::from_millis(u64::try_from(last).unwrap_or(0)));
                now + interval.saturating_sub(since)
            }
            _ => now,
        };
        Pace {
            interval,
            next,
            cap,
            today,
        }
    }

    /// Whether the day's cap is reached.
    pub fn capped(&self) -> bool {
        self.cap.is_some_and(|cap| self.today >= cap)
    }

    pub fn cap(&self) -> Option<u64> {
        self.cap
    }

    /// Waits until the next message may go; returns false if `stop` was raised meanwhile.
    pub fn wait(&self, stop: &AtomicBool) -> bool {
        loop {
            if stop.load(Ordering::SeqCst) {
                return false;
            }
            let now = Instant::now();
            if now >= self.next {
                return true;
            }
            std::thread::sleep((self.next - now).min(Duration::from_millis(100)));
        }
    }

    /// Counts a message handed to the server.
    pub fn sent(&mut self) {
        self.today += 1;
        if let Some(interval) = self.interval {
            // A send slower than the interval does not earn a burst after it.
            let floor = Instant::now().checked_sub(interval).unwrap_or(self.next);
            self.next = self.next.max(floor) + interval;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_read_in_their_units() {
        let rate: Rate = "10/s".parse().unwrap();
        assert_eq!(rate.interval(), Duration::from_millis(100));
        assert_eq!(rate.to_string(), "10/s");
        let rate: Rate = "600/min".parse().unwrap();
        assert_eq!(rate.interval(), Duration::from_millis(100));
        assert_eq!(
            "5".parse::<Rate>().unwrap().interval(),
            Duration::from_millis(200)
        );
        assert!("0/s".parse::<Rate>().unwrap_err().contains("sends nothing"));
        assert!("ten/s".parse::<Rate>().unwrap_err().contains("not a rate"));
        assert!(
            "10/day"
                .parse::<Rate>()
                .unwrap_err()
                .contains("unknown unit")
        );
    }

    #[test]
    fn the_cap_counts_earlier_runs() {
        let mut pace = Pace::new(None, Some(3), None, 2);
        assert!(!pace.capped());
        pace.sent();
        assert!(pace.capped());
    }
}
