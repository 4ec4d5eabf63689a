//! A check-in photo on screen: the thumbnail kept on this device when it has one (offline
//! too), otherwise the server's copy; a tap opens the full size.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::model::PhotoRef;

use super::text::{Text, tr};
use crate::ui::Ctx;

/// Where the server serves a photo (to those who may read a visit that refers to it).
pub(crate) fn blob_url(hash: &str) -> String {
    format!("/api/v1/blobs/{hash}")
}

/// An object URL for `bytes` (a JPEG), valid until revoked.
fn object_url(bytes: &[u8]) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/jpeg");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// The photo's thumbnail, linking to the full size.
#[component]
pub(crate) fn Thumb(photo: PhotoRef) -> impl IntoView {
    let ctx = Ctx::get();
    let hash = photo.hash.clone();
    // The server's thumbnail when this device has none (photos referred to before
    // thumbnails were uploaded have only the full size).
    let remote = photo.thumb.clone().unwrap_or_else(|| hash.clone());
    let src: RwSignal<Option<String>> = RwSignal::new(None);
    let local: StoredValue<Option<String>> = StoredValue::new(None);
    {
        let hash = hash.clone();
        let repo = ctx.repo();
        spawn_local(async move {
            let url = match repo.thumbnail(&hash).await {
                Some(bytes) => object_url(&bytes),
                None => None,
            };
            if let Some(u) = &url {
                local.set_value(Some(u.clone()));
            }
            let _ = src.try_set(Some(url.unwrap_or_else(|| blob_url(&remote))));
        });
    }
    on_cleanup(move || {
        if let Some(u) = local.try_get_value().flatten() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    let size = format!("{} × {}", photo.width, photo.height);
    let full = blob_url(&hash);
    view! {
        <a class="photo" href=full target="_blank" rel="noopener" data-testid="check-in-photo" data-hash=hash
            on:click=|e| e.stop_propagation()>
            {move || src.get().map(|s| view! {
                <img src=s alt=tr(Text::Photo) title=size.clone() loading="lazy" data-testid="thumb" />
            })}
        </a>
    }
}

/// A visit's check-in as a line under its time: arrival and leave times with the duration,
/// and the photo; or that there was no check-in.
#[allow(non_snake_case)] // used like a component, but plain: it is called inside `read`
pub(crate) fn CheckInLine(
    visit: &rounds_shared::model::Visit,
    tz: rounds_shared::time::TzOffset,
    locale: rounds_shared::labels::Locale,
) -> impl IntoView + use<> {
    use super::text::t;
    let Some(c) = visit.check_in.clone() else {
        return view! { <div class="sub flag" data-testid="no-check-in">{t(locale, Text::NoCheckIn)}</div> }
            .into_any();
    };
    view! {
        <div class="sub check-in-line" data-testid="check-in-line">
            {super::text::stay(c.at, c.left_at, tz, locale)}
        </div>
        {c.photo_ref.map(|p| view! { <Thumb photo=p /> })}
    }
    .into_any()
}
