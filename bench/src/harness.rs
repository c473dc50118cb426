//! Timing: every figure is the median of several timed runs, taken after warm-up runs.
//! Variants that are compared with each other run interleaved (A, B, C, C, B, A, ..), so
//! that a change in the machine's load during the run affects them alike.

use std::hint::black_box;
use std::time::Instant;

/// How many timed runs of one variant; the settings of a full and a `--quick` run.
#[derive(Debug, Clone, Copy)]
pub struct Runs {
    pub warmup: usize,
    pub samples: usize,
}

impl Runs {
    pub const fn new(warmup: usize, samples: usize) -> Self {
        Runs { warmup, samples }
    }
}

/// The timed runs of one variant, in seconds.
#[derive(Debug, Clone, Default)]
pub struct Samples(pub Vec<f64>);

impl Samples {
    pub fn median(&self) -> f64 {
        median(&self.0)
    }

    pub fn min(&self) -> f64 {
        self.0.iter().copied().fold(f64::INFINITY, f64::min)
    }

    pub fn max(&self) -> f64 {
        self.0.iter().copied().fold(0.0, f64::max)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each sample divided by `n` (a sample that timed `n` operations).
    pub fn per(&self, n: usize) -> Samples {
        Samples(self.0.iter().map(|s| s / n as f64).collect())
    }
}

pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

/// A variant to time: a name and the operation (its result is passed to `black_box`).
pub type Variant<'a> = (&'a str, Box<dyn FnMut() + 'a>);

/// Times the variants interleaved; returns their samples in the same order.
pub fn interleaved(runs: Runs, variants: &mut [Variant<'_>]) -> Vec<Samples> {
    for _ in 0..runs.warmup {
        for (_, run) in variants.iter_mut() {
            run();
        }
    }
    let mut samples = vec![Samples::default(); variants.len()];
    for round in 0..runs.samples {
        // Every other round in reverse order (A B C, C B A, ..), so that no variant always
        // runs right after the same other one.
        let mut order: Vec<usize> = (0..variants.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for index in order {
            let start = Instant::now();
            (variants[index].1)();
            samples[index].0.push(start.elapsed().as_secs_f64());
        }
    }
    samples
}

/// Times one operation.
pub fn time<T>(runs: Runs, mut run: impl FnMut() -> T) -> Samples {
    let mut variants: Vec<Variant<'_>> = vec![(
        "",
        Box::new(move || {
            black_box(run());
        }),
    )];
    interleaved(runs, &mut variants).remove(0)
}

/// Wraps an operation as a [`Variant`].
pub fn variant<'a, T>(name: &'a str, mut run: impl FnMut() -> T + 'a) -> Variant<'a> {
    (
        name,
        Box::new(move || {
            black_box(run());
        }),
    )
}

/// Seconds, in the unit that reads best.
pub fn human(seconds: f64) -> String {
    if !seconds.is_finite() {
        "n/a".to_string()
    } else if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.1} ms", seconds * 1e3)
    } else {
        format!("{:.1} µs", seconds * 1e6)
    }
}
