//! Retry schedules: socket reconnects and channel rejoins.

use std::time::Duration;

/// realtime-js's socket reconnect delays by attempt (1-based): 1, 2, 5, then 10 s.
pub(crate) fn reconnect_after(tries: u32) -> Duration {
    const STEPS: [u64; 4] = [1000, 2000, 5000, 10_000];
    let ms = tries
        .checked_sub(1)
        .and_then(|i| STEPS.get(i as usize))
        .copied()
        .unwrap_or(10_000);
    Duration::from_millis(ms)
}

/// Phoenix's channel rejoin delays by attempt (1-based): 1, 2, 5, then 10 s.
pub(crate) fn rejoin_after(tries: u32) -> Duration {
    const STEPS: [u64; 3] = [1000, 2000, 5000];
    let ms = tries
        .checked_sub(1)
        .and_then(|i| STEPS.get(i as usize))
        .copied()
        .unwrap_or(10_000);
    Duration::from_millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules() {
        let r: Vec<u64> = (1..=6)
            .map(|t| reconnect_after(t).as_millis() as u64)
            .collect();
        assert_eq!(r, [1000, 2000, 5000, 10_000, 10_000, 10_000]);
        let j: Vec<u64> = (1..=5)
            .map(|t| rejoin_after(t).as_millis() as u64)
            .collect();
        assert_eq!(j, [1000, 2000, 5000, 10_000, 10_000]);
    }
}
