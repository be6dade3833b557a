//! The fines of a ticket, as a table: the ticket page and the deadline calculator show the same one.

use leptos::prelude::*;
use rules::dates::long_date;
use rules::money::dollars;
use rules::timeline::Fine;

/// The fines of a ticket (the engine's [`rules::timeline::Fine`]): amount, date, and when the
/// quarter's Portal Sanction Payment Notice is due. The ticket page and the calculator show it.
pub fn fines_table(fines: &[Fine], caption: &'static str) -> impl IntoView {
    let rows = fines
        .iter()
        .map(|f| {
            view! {
                <tr class="border-b border-border" data-fine="">
                    <td class="py-2 pr-4">{dollars(f.amount_cents)}</td>
                    <td class="py-2 pr-4">{long_date(f.fined_on)}</td>
                    <td class="py-2">{long_date(f.sanction_notice_due_on)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="overflow-x-auto mb-6" tabindex="0" role="region" aria-label="Fines (scrolls sideways in a narrow window)">
        <table class="w-full border-collapse text-left">
            <caption class="text-left mb-2">{caption}</caption>
            <thead>
                <tr class="border-b-2 border-ink">
                    <th scope="col" class="py-2 pr-4">"Amount"</th>
                    <th scope="col" class="py-2 pr-4">"Date of the fine"</th>
                    <th scope="col" class="py-2">"Sanction notice due"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}
