//! Progress of a long read on stderr: bytes and connections read, the rate and the time left,
//! one line redrawn in place. It appears only on a terminal (see [`crate::check::Reading`]),
//! only once a run has taken a second, and is erased at the end and before any other line,
//! so a pipe or a log file never sees it. A few lines of our own rather than indicatif: one
//! line of text needs no dependency, and this one agrees with the crate's byte counting.

use std::time::{Duration, Instant};

/// How long a run goes before the progress appears; `TLS_POLICY_PROGRESS_DELAY_MS`
/// overrides it (the tests set 0 to see the line on a short run).
const DELAY: Duration = Duration::from_secs(1);

/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(200);

/// How many ticks pass between looks at the clock (a tick per connection is cheap; a look
/// at the clock each time is not free at 250,000 connections a second).
const TICKS_PER_LOOK: u32 = 64;

/// The progress of one run.
pub(crate) struct Progress {
    start: Instant,
    delay: Duration,
    /// All the inputs' bytes (0 when unknown: then no share and no time left).
    pub(crate) total: u64,
    drawn: Option<Instant>,
    ticks: u32,
}

impl Progress {
    /// Starts the clock.
    pub(crate) fn start() -> Self {
        let delay = std::env::var("TLS_POLICY_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(DELAY, Duration::from_millis);
        Self { start: Instant::now(), delay, total: 0, drawn: None, ticks: 0 }
    }

    /// `bytes` and `connections` read so far; redraws the line when it is due.
    pub(crate) fn tick(&mut self, bytes: u64, connections: u64) {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks % TICKS_PER_LOOK != 1 && self.delay > Duration::ZERO {
            return;
        }
        let now = Instant::now();
        let elapsed = now.duration_since(self.start);
        if elapsed < self.delay || self.drawn.is_some_and(|at| now.duration_since(at) < EVERY) {
            return;
        }
        self.drawn = Some(now);
        crate::output::progress(&line(elapsed, bytes, self.total, connections));
    }

    /// Erases the line, if it was drawn.
    pub(crate) fn finish(&mut self) {
        if self.drawn.take().is_some() {
            crate::output::clear_progress();
        }
    }
}

/// `read 12.3 MB of 20.0 MB (61%), 6123 connections, 45.2 MB/s, 3s left`: under 80 columns
/// (a longer line would wrap, and the carriage return would redraw only its last part).
pub(crate) fn line(elapsed: Duration, bytes: u64, total: u64, connections: u64) -> String {
    let seconds = elapsed.as_secs_f64().max(0.001);
    let rate = to_f64(bytes) / seconds;
    let mut text = format!("read {}", size(to_f64(bytes)));
    if total > 0 {
        let share = (to_f64(bytes.min(total)) * 100.0 / to_f64(total)).floor();
        text.push_str(&format!(" of {} ({share:.0}%)", size(to_f64(total))));
    }
    let plural = if connections == 1 { "" } else { "s" };
    text.push_str(&format!(", {connections} connection{plural}, {}/s", size(rate)));
    if total > 0 && rate > 0.0 {
        let left = to_f64(total.saturating_sub(bytes)) / rate;
        text.push_str(&format!(", {} left", duration(left)));
    }
    text
}

/// Bytes in decimal units: `512 B`, `12.3 kB`, `45.2 MB`, `1.9 GB`.
fn size(bytes: f64) -> String {
    match bytes {
        b if b < 1e3 => format!("{b:.0} B"),
        b if b < 1e6 => format!("{:.1} kB", b / 1e3),
        b if b < 1e9 => format!("{:.1} MB", b / 1e6),
        b => format!("{:.1} GB", b / 1e9),
    }
}

/// `3s`, `2m05s`, `1h04m`.
fn duration(seconds: f64) -> String {
    let whole = seconds.ceil();
    match whole {
        s if s < 60.0 => format!("{s:.0}s"),
        s if s < 3600.0 => format!("{:.0}m{:02.0}s", (s / 60.0).floor(), s % 60.0),
        s => format!("{:.0}h{:02.0}m", (s / 3600.0).floor(), (s % 3600.0 / 60.0).floor()),
    }
}

/// A count as a float, for rates (exact below 2^53, close enough above).
fn to_f64(n: u64) -> f64 {
    let high = u32::try_from(n >> 32).unwrap_or(u32::MAX);
    let low = u32::try_from(n & 0xFFFF_FFFF).unwrap_or(u32::MAX);
    f64::from(high) * 4_294_967_296.0 + f64::from(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_bytes_share_connections_rate_and_time_left() {
        let text = line(Duration::from_secs(2), 12_300_000, 20_000_000, 6123);
        assert_eq!(text, "read 12.3 MB of 20.0 MB (61%), 6123 connections, 6.2 MB/s, 2s left");
        let text = line(Duration::from_secs(10), 1_000_000, 200_000_000, 5);
        assert_eq!(text, "read 1.0 MB of 200.0 MB (0%), 5 connections, 100.0 kB/s, 33m10s left");
        assert_eq!(line(Duration::from_secs(1), 512, 0, 1), "read 512 B, 1 connection, 512 B/s");
        // More read than the sizes said (a file that grew): never above 100% nor a negative time.
        assert_eq!(
            line(Duration::from_secs(1), 3000, 2000, 1),
            "read 3.0 kB of 2.0 kB (100%), 1 connection, 3.0 kB/s, 0s left"
        );
        assert_eq!(duration(4000.0), "1h06m");
        assert_eq!(duration(125.0), "2m05s");
        // A long run's line still fits an 80-column terminal.
        let long = line(Duration::from_secs(3000), 999_000_000_000, 999_900_000_000, 99_999_999);
        assert!(long.chars().count() < 80, "{long} is {} characters", long.chars().count());
        assert_eq!(to_f64(u64::MAX), 18_446_744_073_709_551_615.0);
    }
}
