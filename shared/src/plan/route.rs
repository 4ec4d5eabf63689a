//! The day's route: the hospitals to visit, ordered by distance from where the rep starts.
//! Nearest neighbour builds a route, 2-opt (reversing a stretch when that shortens it)
//! improves it; the result is never longer than the order it was given in.
//!
//! ```
//! use rounds_shared::model::GeoPoint;
//! use rounds_shared::plan::{order_route, route_km};
//!
//! let at = |lat, lng| GeoPoint { lat, lng };
//! let start = at(31.20, 121.40);
//! // Given far, near, middle; driven near, middle, far.
//! let stops = [at(31.20, 121.60), at(31.20, 121.45), at(31.20, 121.50)];
//! let order = order_route(start, &stops);
//! assert_eq!(order, vec![1, 2, 0]);
//! assert!(route_km(start, &stops, &order) <= route_km(start, &stops, &[0, 1, 2]));
//! ```

use crate::model::GeoPoint;

/// The great-circle distance between two points, in kilometres.
pub fn distance_km(a: GeoPoint, b: GeoPoint) -> f64 {
    const EARTH_KM: f64 = 6_371.0;
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlng = (b.lng - a.lng).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * EARTH_KM * h.sqrt().min(1.0).asin()
}

/// The length of the route from `start` through `stops` in `order` (an open path: the day
/// ends at the last hospital).
pub fn route_km(start: GeoPoint, stops: &[GeoPoint], order: &[usize]) -> f64 {
    let mut at = start;
    let mut total = 0.0;
    for &i in order {
        total += distance_km(at, stops[i]);
        at = stops[i];
    }
    total
}

/// The order (indexes into `stops`) to visit them from `start`: nearest neighbour, then
/// 2-opt; never longer than the given order, which wins ties.
pub fn order_route(start: GeoPoint, stops: &[GeoPoint]) -> Vec<usize> {
    let given: Vec<usize> = (0..stops.len()).collect();
    let mut best = given.clone();
    let mut best_km = route_km(start, stops, &given);
    for mut candidate in [nearest_neighbour(start, stops), given] {
        two_opt(start, stops, &mut candidate);
        let km = route_km(start, stops, &candidate);
        if km < best_km - 1e-9 {
            best_km = km;
            best = candidate;
        }
    }
    best
}

fn nearest_neighbour(start: GeoPoint, stops: &[GeoPoint]) -> Vec<usize> {
    let mut left: Vec<usize> = (0..stops.len()).collect();
    let mut order = Vec::with_capacity(stops.len());
    let mut at = start;
    while !left.is_empty() {
        let (k, _) = left
            .iter()
            .enumerate()
            .map(|(k, &i)| (k, distance_km(at, stops[i])))
            .fold(
                (0, f64::INFINITY),
                |best, c| if c.1 < best.1 { c } else { best },
            );
        let i = left.remove(k);
        at = stops[i];
        order.push(i);
    }
    order
}

/// Reverses stretches of `order` while any reversal shortens the route (first
/// improvement, at most `n²` passes' worth of work).
fn two_opt(start: GeoPoint, stops: &[GeoPoint], order: &mut [usize]) {
    let n = order.len();
    let point = |order: &[usize], k: usize| if k == 0 { start } else { stops[order[k - 1]] };
    let mut improved = true;
    let mut rounds = 0;
    while improved && rounds < n * n {
        improved = false;
        rounds += 1;
        // Reversing order[i..=j]: the edge into i and the edge out of j change.
        for i in 0..n {
            for j in i + 1..n {
                let before = point(order, i);
                let (first, last) = (stops[order[i]], stops[order[j]]);
                let old = distance_km(before, first)
                    + if j + 1 < n {
                        distance_km(last, stops[order[j + 1]])
                    } else {
                        0.0
                    };
                let new = distance_km(before, last)
                    + if j + 1 < n {
                        distance_km(first, stops[order[j + 1]])
                    } else {
                        0.0
                    };
                if new + 1e-9 < old {
                    order[i..=j].reverse();
                    improved = true;
                }
            }
        }
    }
}
