use leptos::prelude::*;
use rules::wire::accounts::Profile;

/// The profile as the user types it, kept for the visit (survives Back and Change).
#[derive(Clone, Copy)]
pub struct RegistrationAnswers {
    pub first_name: RwSignal<String>,
    pub last_name: RwSignal<String>,
    pub contact_email: RwSignal<String>,
    pub contact_phone: RwSignal<String>,
    pub organization_name: RwSignal<String>,
    /// One of `rules::accounts::ORGANIZATION_TYPES`' codes.
    pub organization_type: RwSignal<Option<&'static str>>,
    pub medicaid_id: RwSignal<String>,
    pub npi: RwSignal<String>,
    /// Whether the answers the server keeps (or a denied request's profile) were copied in already.
    pub prefilled: RwSignal<bool>,
}

impl Default for RegistrationAnswers {
    fn default() -> Self {
        RegistrationAnswers {
            first_name: RwSignal::new(String::new()),
            last_name: RwSignal::new(String::new()),
            contact_email: RwSignal::new(String::new()),
            contact_phone: RwSignal::new(String::new()),
            organization_name: RwSignal::new(String::new()),
            organization_type: RwSignal::new(None),
            medicaid_id: RwSignal::new(String::new()),
            npi: RwSignal::new(String::new()),
            prefilled: RwSignal::new(false),
        }
    }
}

/// The code of `ORGANIZATION_TYPES` equal to `text`, as the static string the radios use.
fn organization_code(text: &str) -> Option<&'static str> {
    rules::accounts::ORGANIZATION_TYPES
        .iter()
        .find(|(code, _)| *code == text)
        .map(|(code, _)| *code)
}

impl RegistrationAnswers {
    pub fn use_context() -> Self {
        use_context::<RegistrationAnswers>().expect("RegistrationAnswers is provided by the app")
    }

    /// The answers as the wire's profile (untracked).
    pub fn profile(&self) -> Profile {
        Profile {
            first_name: self.first_name.get_untracked(),
            last_name: self.last_name.get_untracked(),
            contact_email: self.contact_email.get_untracked(),
            contact_phone: self.contact_phone.get_untracked(),
            organization_name: self.organization_name.get_untracked(),
            organization_type: self
                .organization_type
                .get_untracked()
                .unwrap_or_default()
                .to_string(),
            medicaid_id: self.medicaid_id.get_untracked(),
            npi: self.npi.get_untracked(),
        }
    }

    /// Copies a profile in (the one a denied request sent, or the cleaned-up answers).
    pub fn fill(&self, p: &Profile) {
        self.first_name.set(p.first_name.clone());
        self.last_name.set(p.last_name.clone());
        self.contact_email.set(p.contact_email.clone());
        self.contact_phone.set(p.contact_phone.clone());
        self.organization_name.set(p.organization_name.clone());
        self.organization_type
            .set(organization_code(&p.organization_type));
        self.medicaid_id.set(p.medicaid_id.clone());
        self.npi.set(p.npi.clone());
    }

    /// Whether nothing is typed yet.
    pub fn is_blank(&self) -> bool {
        self.profile() == Profile::default()
    }

    /// Forgets every answer (another user signed in, or the request was sent).
    pub fn clear(&self) {
        self.fill(&Profile::default());
        self.prefilled.set(false);
    }
}
