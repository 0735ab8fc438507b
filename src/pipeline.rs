//! Documents in, rows out, on all cores, in input order.
//!
//! [`ordered_map`] reads batches of items from a (streaming) iterator on a reader thread,
//! processes each batch in parallel on a rayon thread pool, and hands the results to a sink
//! in input order, while the next batch is being read. Memory is bounded by two batches (by
//! item count and by bytes), so a run over a 1 GB JSONL file holds a few megabytes of
//! documents at a time, and the output is byte-identical whatever the number of threads.

use std::io;

use rayon::prelude::*;

/// How big a batch may grow before it is processed.
#[derive(Clone, Copy, Debug)]
pub struct BatchLimits {
    /// At most this many items.
    pub items: usize,
    /// At most about this many bytes (as measured by the caller's size function).
    pub bytes: usize,
}

impl Default for BatchLimits {
    fn default() -> Self {
        BatchLimits { items: 512, bytes: 8 << 20 }
    }
}

/// Maps `f` over `items` with `threads` threads (1 = in the calling thread, no pool), giving
/// each result to `sink` in input order. `size` tells how many bytes an item holds, for
/// [`BatchLimits::bytes`].
///
/// # Errors
/// Stops at the first error `sink` returns (a closed pipe, a full disk) and returns it.
///
/// # Example
/// ```
/// use pledger::pipeline::{ordered_map, BatchLimits};
/// let mut out = Vec::new();
/// ordered_map((1..=5).map(|n| n * 10), 2, BatchLimits::default(), |_| 1, |n| n + 1, |r| {
///     out.push(r);
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(out, [11, 21, 31, 41, 51]);
/// ```
pub fn ordered_map<I, T, R, F, S, Z>(
    items: I,
    threads: usize,
    limits: BatchLimits,
    size: Z,
    f: F,
    mut sink: S,
) -> io::Result<()>
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
    S: FnMut(R) -> io::Result<()>,
    Z: Fn(&T) -> usize + Send,
{
    if threads <= 1 {
        for item in items {
            sink(f(item))?;
        }
        return Ok(());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| io::Error::other(format!("cannot start {threads} threads: {e}")))?;
    // A reader thread fills the next batch while the pool works on this one; two batches in
    // flight at most, so memory stays bounded.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut items = items;
            loop {
                let mut batch: Vec<T> = Vec::with_capacity(limits.items);
                let mut bytes = 0;
                while batch.len() < limits.items && bytes < limits.bytes {
                    let Some(item) = items.next() else { break };
                    bytes += size(&item);
                    batch.push(item);
                }
                // A closed channel means the sink failed: stop reading.
                if batch.is_empty() || tx.send(batch).is_err() {
                    return;
                }
            }
        });
        // The sink takes the results of one batch while the pool works on the next, so
        // writing output (on this thread) overlaps with extraction.
        let mut done: Vec<R> = Vec::new();
        for mut batch in rx {
            let (pool, f) = (&pool, &f);
            let working = scope.spawn(move || pool.install(|| batch.par_drain(..).map(f).collect()));
            let sunk = done.drain(..).try_for_each(&mut sink);
            // Joined before an error returns, so no batch outlives a failed sink.
            done = working.join().map_err(|_| io::Error::other("a worker thread panicked"))?;
            sunk?;
        }
        done.into_iter().try_for_each(&mut sink)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_kept_with_many_threads_and_small_batches() {
        let limits = BatchLimits { items: 3, bytes: usize::MAX };
        let mut out = Vec::new();
        ordered_map(
            0..1000u64,
            4,
            limits,
            |_| 1,
            |n| n * n,
            |r| {
                out.push(r);
                Ok(())
            },
        )
        .unwrap();
        let want: Vec<u64> = (0..1000u64).map(|n| n * n).collect();
        assert_eq!(out, want);
    }

    #[test]
    fn byte_limit_splits_batches_and_sink_errors_stop_the_run() {
        let limits = BatchLimits { items: 100, bytes: 10 };
        let mut seen = 0;
        let err = ordered_map(
            0..100usize,
            2,
            limits,
            |_| 4,
            |n| n,
            |_| {
                seen += 1;
                if seen == 7 { Err(io::Error::other("stop")) } else { Ok(()) }
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "stop");
        assert_eq!(seen, 7);
    }
}
