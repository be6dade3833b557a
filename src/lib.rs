//! The Illinois Medicaid Provider Resolution Portal, as a single-page app (Leptos, client-side).
