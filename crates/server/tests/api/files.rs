//! Files that cannot run: a download's name ends with the extension of what its bytes are,
//! whatever it was uploaded as; no Unicode format character survives in a name; a CSV is served
//! with its formula cells made text.

use crate::helpers::spawn_app;
use crate::helpers::tickets::{provider, upload, valid_form, AETNA, PDF};

#[tokio::test]
async fn downloads_are_named_and_served_as_what_their_bytes_are() {
    let app = spawn_app().await;
    let p = provider(&app, "provider1").await;
    let mco_id = app.mco_id(AETNA).await;
    let (status, draft) = app
        .post_app(&p.client, "/api/drafts", &valid_form(p.facility_id, mco_id))
        .await;
    assert_eq!(status, 201, "{draft}");
    let path = format!("/api/drafts/{}/attachments", draft["id"]);

    let download = |id: &serde_json::Value| {
        let url = app.url(&format!("{path}/{id}"));
        let client = p.client.clone();
        async move {
            let response = client.get(url).send().await.unwrap();
            assert_eq!(response.status(), 200);
            let disposition = response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .to_owned();
            (disposition, response.text().await.unwrap_or_default())
        }
    };

    // A PDF uploaded under a program's name downloads as a PDF.
    let (status, pdf) = upload(
        &app,
        &p.client,
        &path,
        "invoice.exe",
        "application/octet-stream",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 201, "{pdf}");
    assert_eq!(pdf["content_type"], "application/pdf");
    let (disposition, _) = download(&pdf["id"]).await;
    assert!(
        disposition.starts_with("attachment; filename=\"invoice.exe.pdf\""),
        "{disposition}"
    );

    // A right-to-left override cannot disguise a name: it is removed on upload and download.
    let (status, csv) = upload(
        &app,
        &p.client,
        &path,
        "claims\u{202E}vsc.exe\u{200B}.csv",
        "text/csv",
        b"Member,Amount\r\n=HYPERLINK(\"http://x\"),-12.50\r\n@SUM(A1),3\r\n".to_vec(),
    )
    .await;
    assert_eq!(status, 201, "{csv}");
    assert_eq!(csv["file_name"], "claimsvsc.exe.csv");
    let (disposition, text) = download(&csv["id"]).await;
    assert!(
        disposition.starts_with("attachment; filename=\"claimsvsc.exe.csv\""),
        "{disposition}"
    );
    // No cell starts a formula when a spreadsheet opens it.
    assert_eq!(
        text,
        "Member,Amount\r\n\"'=HYPERLINK(\"\"http://x\"\")\",'-12.50\r\n'@SUM(A1),3\r\n"
    );
}
