#include "sync/depot/office/visit_page_view.h"

#include "catalogue/catalogue.h"

namespace fc {

// Photos are plain links to the full image around a thumbnail: no script, readable when printed.
const char* const kVisitPageView = R"html({{#notes}}<p class="problem">{{.}}</p>{{/notes}}
<dl class="facts">
<dt>{{l_visit}}</dt><dd><code>{{visit_id}}</code></dd>
<dt>{{l_customer}}</dt><dd>{{#customer_path}}<a href="{{customer_path}}">{{customer}}</a>{{/customer_path}}{{^customer_path}}{{customer}}{{/customer_path}}</dd>
<dt>{{l_address}}</dt><dd>{{address}}</dd>
<dt>{{l_job}}</dt><dd>{{job}}</dd>
<dt>{{l_window}}</dt><dd>{{window}}</dd>
<dt>{{l_technician}}</dt><dd>{{technician}}</dd>
<dt>{{l_template}}</dt><dd>{{template}}</dd>
{{#is_received}}<dt>{{l_outcome}}</dt><dd>{{outcome}}</dd>
{{#cause}}<dt>{{l_cause}}</dt><dd>{{cause}}{{#cause_text}}<br>{{cause_text}}{{/cause_text}}</dd>{{/cause}}
<dt>{{l_sealed}}</dt><dd>{{sealed}}</dd><dt>{{l_received}}</dt><dd>{{received}}</dd>{{/is_received}}
</dl>
{{#is_received}}
{{#customer_message}}<h2>{{l_customer_message}}</h2><p class="message">{{customer_message}}</p>{{/customer_message}}
<h2>{{l_prechecks}}</h2>
<table><thead><tr><th>{{l_item}}</th><th>{{l_answer}}</th></tr></thead><tbody>
{{#prechecks}}<tr><td>{{title}}</td><td>{{answer}}{{#confirmed_by}}<br><span class="muted">{{confirmed_by}}</span>{{/confirmed_by}}</td></tr>{{/prechecks}}
</tbody></table>
<h2>{{l_steps}}</h2>
<table><thead><tr><th>{{l_item}}</th><th>{{l_answer}}</th><th>{{l_range}}</th></tr></thead><tbody>
{{#steps}}<tr><td>{{title}}</td><td>{{answer}}{{#files}}<br><a href="{{href}}"><img class="thumb" src="{{href}}" alt="{{sha}}"></a>{{/files}}</td>
<td>{{range}}{{#in_range}} <span class="ok">{{in_range_words}}</span>{{/in_range}}{{#out_of_range}} <span class="flag">{{out_of_range_words}}</span>{{/out_of_range}}</td></tr>{{/steps}}
</tbody></table>
<h2>{{l_handover}}</h2>
<table><tbody>{{#handover}}<tr><td>{{title}}</td><td>{{answer}}{{#files}}<br><a href="{{href}}"><img class="thumb" src="{{href}}" alt="{{sha}}"></a>{{/files}}</td></tr>{{/handover}}</tbody></table>
{{#any_todo}}<h3>{{l_todo}}</h3><ul>{{#todo}}<li>{{.}}</li>{{/todo}}</ul>{{/any_todo}}
{{#survey}}<h2>{{l_survey}}</h2>
<dl class="facts"><dt>{{l_survey_status}}</dt><dd>{{status}}</dd><dt>{{l_channel}}</dt><dd>{{channel}}</dd>
{{#comment}}<dt>{{l_comment}}</dt><dd>{{comment}}</dd>{{/comment}}</dl>
{{#any_scores}}<table><thead><tr><th>{{l_question}}</th><th>{{l_touchpoint}}</th><th class="num">{{l_score}}</th></tr></thead><tbody>
{{#scores}}<tr><td>{{question}}</td><td>{{touchpoint}}</td><td class="num">{{score}}</td></tr>{{/scores}}</tbody></table>{{/any_scores}}
{{#any_discarded}}<h3>{{l_discarded}}</h3><table><tbody>{{#discarded}}<tr><td>{{question}}</td><td>{{value}}</td></tr>{{/discarded}}</tbody></table>{{/any_discarded}}
{{/survey}}
{{#any_flags}}<h2>{{l_flags}}</h2><ul>{{#flags}}<li><span class="flag">{{code}}</span>: {{message}}</li>{{/flags}}</ul>{{/any_flags}}
<h2>{{l_audit}}</h2>
<table class="audit"><thead><tr><th class="num">#</th><th>{{l_when}}</th><th>{{l_who}}</th><th>{{l_what}}</th><th>{{l_item}}</th><th>{{l_old}}</th><th>{{l_new}}</th></tr></thead><tbody>
{{#audit}}<tr{{#discarded}} class="removed"{{/discarded}}><td class="num">{{seq}}</td><td>{{when}}</td><td>{{actor}}</td><td>{{what}}{{#discard}} ({{discard}}){{/discard}}</td><td>{{item}}</td><td>{{old}}</td><td>{{new}}</td></tr>
{{/audit}}</tbody></table>
<h2>{{l_seal}}</h2>
<dl class="facts"><dt>{{l_seal}}</dt><dd><code>{{seal}}</code></dd>
<dt>{{l_receipt}}</dt><dd>{{receipt}}{{#receipt_path}} <a href="{{receipt_path}}">{{l_open_receipt}}</a>{{/receipt_path}}</dd>
<dt>{{l_device}}</dt><dd>{{device}}</dd></dl>
{{/is_received}}
)html";

void set_visit_page_labels(Lang lang, PageData& d) {
    for (const char* name : {"visit", "customer", "address", "job", "window", "technician", "template", "outcome", "cause",
                             "sealed", "received", "customer_message", "prechecks", "steps", "item", "answer", "range",
                             "handover", "todo", "survey", "survey_status", "channel", "comment", "question", "touchpoint",
                             "score", "discarded", "flags", "audit", "when", "who", "what", "old", "new", "seal", "receipt",
                             "open_receipt", "device"}) {
        d.set(std::string("l_") + name, text(lang, std::string("office.visit.") + name));
    }
}

}  // namespace fc
