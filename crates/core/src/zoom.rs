//! How far the window's page may be zoomed: the limits the window keeps to, whatever it is
//! asked (1 is 100%; WCAG 1.4.4 asks for text resized to 200%, and 300% is as far as a
//! browser's own zoom goes).

/// The smallest zoom: half size.
pub const MIN: f64 = 0.5;
/// The largest zoom: three times the size.
pub const MAX: f64 = 3.0;

/// The zoom levels Ctrl+= and Ctrl+- step through, as a browser offers them, from [`MIN`]
/// to [`MAX`] (written into the window's generated bindings as `ZOOM_STEPS`).
pub const STEPS: [f64; 13] = [
    0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0,
];

/// The zoom the window applies when asked for `factor`: within [`MIN`, `MAX`], and 100% for
/// an answer that is not a number at all (so a bad saved setting never leaves the page
/// unreadable).
pub fn level(factor: f64) -> f64 {
    if factor.is_finite() {
        factor.clamp(MIN, MAX)
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zoom_within_the_limits_is_kept_as_asked() {
        assert_eq!(level(1.0), 1.0);
        assert_eq!(level(0.5), 0.5);
        assert_eq!(level(1.25), 1.25);
        assert_eq!(level(3.0), 3.0);
    }

    #[test]
    fn a_zoom_past_the_limits_stops_at_them() {
        assert_eq!(level(0.1), MIN);
        assert_eq!(level(-2.0), MIN);
        assert_eq!(level(5.0), MAX);
        assert_eq!(level(f64::INFINITY), 1.0);
    }

    #[test]
    fn the_steps_rise_from_the_smallest_zoom_to_the_largest_through_100_percent() {
        assert_eq!(STEPS.first(), Some(&MIN));
        assert_eq!(STEPS.last(), Some(&MAX));
        assert!(STEPS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(STEPS.contains(&1.0));
        assert!(STEPS.contains(&2.0), "WCAG 1.4.4: text resized to 200%");
        assert!(STEPS.iter().all(|&step| level(step) == step));
    }

    #[test]
    fn a_zoom_that_is_not_a_number_is_100_percent() {
        assert_eq!(level(f64::NAN), 1.0);
    }
}
