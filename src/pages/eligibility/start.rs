use leptos::prelude::*;

use crate::components::ButtonLink;
use crate::page::use_title;

#[component]
pub fn Start() -> impl IntoView {
    use_title(|| "Check if you can file a dispute".into(), || false);
    view! {
        <h1 class="text-4xl font-bold mb-6">"Check if you can file a dispute with HFS"</h1>
        <p class="mb-4">
            "Find out whether your dispute with a Medicaid managed care organization (MCO) can go to the HFS Provider Resolution Portal today, and from when until when."
        </p>
        <p class="mb-4">"You will need:"</p>
        <ul class="list-disc pl-6 mb-6 space-y-1">
            <li>"the date the MCO received your dispute (the day it gave you a tracking number)"</li>
            <li>"to know whether you finished the MCO's own dispute process, including peer-to-peer review"</li>
        </ul>
        <p class="mb-8">"It takes about a minute. You do not need an account, and we do not keep your answers."</p>
        <ButtonLink href="/eligibility/program" class="text-xl">"Start now"</ButtonLink>
    }
}
