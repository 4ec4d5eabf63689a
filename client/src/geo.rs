//! Where the phone is, when it allows it: asked once when a visit form opens, never waited
//! for (a visit saves without a location if none has come).

use rounds_shared::model::GeoPoint;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::PositionOptions;

fn number(v: &JsValue, key: &str) -> Option<f64> {
    js_sys::Reflect::get(v, &key.into()).ok()?.as_f64()
}

/// Asks for the current position; `found` runs if and when the phone answers, with how
/// far off it may be in metres when the phone says.
pub fn locate(found: impl FnOnce(GeoPoint, Option<f64>) + 'static) {
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        return;
    };
    let on_found = Closure::once_into_js(move |position: JsValue| {
        let Ok(coords) = js_sys::Reflect::get(&position, &"coords".into()) else {
            return;
        };
        if let (Some(lat), Some(lng)) = (number(&coords, "latitude"), number(&coords, "longitude"))
        {
            found(GeoPoint { lat, lng }, number(&coords, "accuracy"));
        }
    });
    let on_error = Closure::once_into_js(|_: JsValue| {});
    let options = PositionOptions::new();
    options.set_timeout(15_000);
    options.set_maximum_age(120_000);
    let _ = geo.get_current_position_with_error_callback_and_options(
        on_found.unchecked_ref(),
        Some(on_error.unchecked_ref()),
        &options,
    );
}
