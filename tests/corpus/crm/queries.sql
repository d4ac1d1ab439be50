-- schemas: public,sales

-- name: my_profile
-- args: ["22222222-2222-4222-8222-222222222222"]
-- expect: ok
select id, full_name, email, title, quota, is_manager from profiles where id = $1;

-- name: sales_team
-- args: []
-- expect: ok
select id, full_name, title, avatar_url from profiles where not is_manager order by full_name nulls last;

-- name: update_quota
-- args: ["33333333-3333-4333-8333-333333333333", 135000.5]
-- expect: ok
update profiles set quota = $2 where id = $1 returning id, quota;

-- name: companies_page
-- args: [20, 0]
-- expect: ok
select id, name, domain, industry, employee_count
from companies
order by name
limit $1 offset $2;

-- name: company_search
-- args: ["%acme%"]
-- expect: ok
select id, name, domain from companies where name ilike $1 or domain ilike $1 order by name;

-- name: company_by_domain
-- args: ["globex.example"]
-- expect: ok
select * from companies where domain = $1;

-- name: companies_in_industries
-- args: [["software", "finance"]]
-- expect: ok
select id, name, industry, annual_revenue from companies where industry = any($1) order by annual_revenue desc nulls last, id;

-- name: big_companies
-- args: [1000, 1000000]
-- expect: ok
select id, name, employee_count, annual_revenue
from companies
where employee_count >= $1 and annual_revenue > $2
order by employee_count desc;

-- name: companies_in_city
-- args: ["Berlin"]
-- expect: ok
select id, name, address->>'city' as city, address->>'street' as street
from companies
where address->>'city' = $1
order by id;

-- name: enterprise_companies
-- args: []
-- expect: ok
select id, name, tags from companies where 'enterprise' = any(tags) order by id;

-- name: tagged_companies_any
-- args: [["partner", "inbound"]]
-- expect: ok
select id, name from companies where tags && $1 order by id;

-- name: subsidiaries
-- args: []
-- expect: ok
select c.id, c.name, p.name as parent_name
from companies c
join companies p on p.id = c.parent_id
order by c.id;

-- name: company_owner
-- args: [5]
-- expect: ok
select c.name, c.industry, o.full_name as owner_name, o.email as owner_email
from companies c
join profiles o on o.id = c.owner_id
where c.id = $1;

-- name: company_contacts
-- args: [6]
-- expect: ok
select id, first_name, last_name, email, title, lifecycle
from contacts
where company_id = $1
order by last_name, first_name;

-- name: contact_list_with_company
-- args: ["customer"]
-- expect: ok
select ct.id, ct.first_name, ct.last_name, ct.email, co.name as company
from contacts ct
left join companies co on co.id = ct.company_id
where ct.lifecycle = $1
order by ct.id
limit 25;

-- name: contacts_without_email
-- args: []
-- expect: ok
select id, first_name, last_name, phone from contacts where email is null order by id;

-- name: contacts_by_lifecycle
-- args: []
-- expect: ok
select lifecycle, count(*) as contacts from contacts group by lifecycle order by lifecycle;

-- name: contacts_from_source
-- args: ["webinar"]
-- expect: ok
select id, first_name, custom->>'source' as source from contacts where custom->>'source' = $1 order by id;

-- name: promoters
-- args: []
-- expect: inexpressible
select id, first_name, last_name from contacts where (custom->>'nps')::int >= 9 order by id;

-- name: contacts_with_linkedin
-- args: []
-- expect: inexpressible
select id, first_name from contacts where custom ? 'linkedin' order by id;

-- name: contacts_with_source_referral
-- args: [{"source": "referral"}]
-- expect: ok
select id, first_name, last_name from contacts where custom @> $1 order by id;

-- name: contact_search_lower
-- args: ["smith"]
-- expect: inexpressible
select id, first_name, last_name from contacts where lower(last_name) = lower($1) order by id;

-- name: contact_search_fn
-- args: ["ann"]
-- expect: ok
select id, first_name, last_name, email from search_contacts($1) limit 10;

-- name: contact_full_names
-- args: []
-- expect: inexpressible
select id, first_name || ' ' || coalesce(last_name, '') as full_name from contacts order by id limit 10;

-- name: create_contact
-- args: [3, "22222222-2222-4222-8222-222222222222", "Mia", "Lopez", "mia@initech.example"]
-- expect: ok
insert into contacts (company_id, owner_id, first_name, last_name, email, lifecycle)
values ($1, $2, $3, $4, $5, 'mql')
returning id, first_name, last_name, lifecycle;

-- name: import_contacts
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
insert into contacts (owner_id, first_name, email, lifecycle) values
    ($1, 'Noah', 'noah@mail.example', 'subscriber'),
    ($1, 'Olga', 'olga@mail.example', 'lead')
returning id, first_name, lifecycle;

-- name: upsert_contact_by_email
-- args: ["22222222-2222-4222-8222-222222222222", "Ben", "Okafor", "ben1@mail.example", "+1-555-0199"]
-- expect: inexpressible
insert into contacts (owner_id, first_name, last_name, email, phone)
values ($1, $2, $3, $4, $5)
on conflict (email) do update set first_name = excluded.first_name, last_name = excluded.last_name, phone = excluded.phone
returning id, email, phone;

-- name: touch_contact_now
-- args: [4]
-- expect: inexpressible
update contacts set last_contacted_at = now() where id = $1;

-- name: set_lifecycle
-- args: [[1, 2, 3], "customer"]
-- expect: ok
update contacts set lifecycle = $2::contact_lifecycle where id = any($1) returning id, lifecycle;

-- name: stale_contacts
-- args: ["2024-03-05T00:00:00Z"]
-- expect: ok
select id, first_name, last_contacted_at
from contacts
where last_contacted_at < $1 or last_contacted_at is null
order by last_contacted_at nulls first, id
limit 15;

-- name: contact_tags_of
-- args: [5]
-- expect: ok
select t.id, t.name, t.color
from tags t
join contact_tags ct on ct.tag_id = t.id
where ct.contact_id = $1
order by t.name;

-- name: contacts_tagged
-- args: ["vip"]
-- expect: ok
select c.id, c.first_name, c.last_name
from contacts c
join contact_tags ct on ct.contact_id = c.id
join tags t on t.id = ct.tag_id
where t.name = $1
order by c.id;

-- name: tag_contact
-- args: [7, 2]
-- expect: ok
insert into contact_tags (contact_id, tag_id) values ($1, $2) on conflict do nothing;

-- name: untag_contact
-- args: [5, 5]
-- expect: ok
delete from contact_tags where contact_id = $1 and tag_id = $2;

-- name: tag_usage
-- args: []
-- expect: ok
select t.id, t.name, count(ct.contact_id) as contacts
from tags t
left join contact_tags ct on ct.tag_id = t.id
group by t.id, t.name
order by t.id;

-- name: pipelines_list
-- args: []
-- expect: ok
select id, name, is_default from pipelines order by is_default desc, name;

-- name: pipeline_board
-- args: [1]
-- expect: ok
select id, title, stage, amount, probability, expected_close
from deals
where pipeline_id = $1 and stage not in ('won', 'lost')
order by stage, expected_close, id;

-- name: deals_with_company_and_owner
-- args: [1, 20]
-- expect: ok
select d.id, d.title, d.amount, d.stage, c.name as company_name, o.full_name as owner_name
from deals d
left join companies c on c.id = d.company_id
join profiles o on o.id = d.owner_id
where d.pipeline_id = $1
order by d.amount desc nulls last
limit $2;

-- name: deal_detail
-- args: [14]
-- expect: ok
select d.*, c.name as company_name, pc.first_name as contact_first_name, pc.email as contact_email
from deals d
left join companies c on c.id = d.company_id
left join contacts pc on pc.id = d.primary_contact_id
where d.id = $1;

-- name: deal_stakeholders
-- args: [10]
-- expect: ok
select c.id, c.first_name, c.last_name, dc.role
from deal_contacts dc
join contacts c on c.id = dc.contact_id
where dc.deal_id = $1
order by c.id;

-- name: deals_in_amount_range
-- args: [20000, 50000.5]
-- expect: ok
select id, title, amount from deals where amount between $1 and $2 order by amount, id;

-- name: deals_outside_range
-- args: [10000, 90000]
-- expect: ok
select id, amount from deals where amount not between $1 and $2 order by id;

-- name: eur_deals
-- args: []
-- expect: ok
select id, title, amount, currency from deals where currency = 'EUR' order by id;

-- name: deals_closing_in_window
-- args: ["2024-04-01", "2024-04-30"]
-- expect: ok
select id, title, stage, expected_close from deals
where expected_close >= $1::date and expected_close <= $2::date and stage not in ('won', 'lost')
order by expected_close, id;

-- name: deals_closing_this_month
-- args: []
-- expect: inexpressible
select id, title from deals where date_trunc('month', expected_close) = date_trunc('month', current_date);

-- name: overdue_deals
-- args: []
-- expect: inexpressible
select id, title, expected_close from deals where expected_close < current_date and closed_at is null;

-- name: deal_title_search
-- args: ["%renewal%", "%pilot%"]
-- expect: ok
select id, title from deals where title ilike any(array[$1, $2]) order by id;

-- name: lost_reasons
-- args: []
-- expect: ok
select id, title, lost_reason from deals where stage = 'lost' and lost_reason is distinct from 'price' order by id;

-- name: amount_by_stage
-- args: [1]
-- expect: ok
select stage, count(*) as deals, sum(amount) as total, avg(amount) as average
from deals
where pipeline_id = $1
group by stage
order by stage;

-- name: biggest_open_deal_by_owner
-- args: []
-- expect: ok
select owner_id, max(amount) as biggest from deals where stage not in ('won', 'lost') group by owner_id;

-- name: won_total
-- args: ["22222222-2222-4222-8222-222222222222"]
-- expect: ok
select sum(amount) as won from deals where owner_id = $1 and stage = 'won';

-- name: my_won_total
-- args: []
-- expect: inexpressible
select sum(amount) as won from deals where owner_id = auth.uid() and stage = 'won';

-- name: weighted_pipeline
-- args: [1]
-- expect: inexpressible
select stage, sum(amount * probability / 100) as weighted from deals where pipeline_id = $1 group by stage;

-- name: owners_ranked_by_revenue
-- args: []
-- expect: inexpressible
select owner_id, sum(amount) as revenue from deals where stage = 'won' group by owner_id order by revenue desc;

-- name: deals_with_win_rank
-- args: []
-- expect: inexpressible
select id, owner_id, amount, row_number() over (partition by owner_id order by amount desc) as rn
from deals
where stage = 'won';

-- name: owners_with_many_deals
-- args: []
-- expect: inexpressible
select owner_id, count(*) from deals group by owner_id having count(*) > 15;

-- name: companies_with_deal_totals
-- args: []
-- expect: ok
select c.id, c.name, count(d.id) as deals, sum(d.amount) as pipeline
from companies c
left join deals d on d.company_id = c.id
group by c.id, c.name
order by c.id
limit 10;

-- name: companies_without_deals
-- args: []
-- expect: ok
select c.id, c.name from companies c left join deals d on d.company_id = c.id where d.id is null order by c.id;

-- name: companies_with_open_deals_exists
-- args: []
-- expect: ok
select id, name from companies c
where exists (select 1 from deals d where d.company_id = c.id and d.stage = 'negotiation')
order by id;

-- name: create_deal
-- args: [1, 4, "55555555-5555-4555-8555-555555555555", "Pilot for Umbrella", 12000.5, "2024-05-15"]
-- expect: ok
insert into deals (pipeline_id, company_id, owner_id, title, amount, expected_close, probability)
values ($1, $2, $3, $4, $5, $6, 10)
returning id, title, stage, amount, currency;

-- name: update_deal_amount
-- args: [21, 45000, 60]
-- expect: ok
update deals set amount = $2, probability = $3 where id = $1 returning id, amount, probability;

-- name: bump_probability
-- args: [21]
-- expect: inexpressible
update deals set probability = least(probability + 10, 100) where id = $1;

-- name: move_deal_fn
-- args: [22]
-- expect: ok
select id, stage, probability from move_deal($1, 'won');

-- name: lose_deal_named
-- args: [23, "timing"]
-- expect: ok
select id, stage, lost_reason from move_deal(p_deal_id => $1, p_stage => 'lost', p_lost_reason => $2);

-- name: weighted_amount_fn
-- args: [12]
-- expect: ok
select deal_weighted_amount($1) as weighted;

-- name: my_open_deals_fn
-- args: []
-- expect: ok
select id, title, stage, expected_close from my_open_deals() limit 5;

-- name: my_open_deals_in_stage
-- args: ["proposal"]
-- expect: ok
select id, title, amount from my_open_deals() where stage = $1 order by amount desc;

-- name: delete_lost_deals_of_company
-- args: [9]
-- expect: ok
delete from deals where company_id = $1 and stage = 'lost' returning id;

-- name: reassign_deals
-- args: ["44444444-4444-4444-8444-444444444444", "55555555-5555-4555-8555-555555555555"]
-- expect: ok
update deals set owner_id = $2 where owner_id = $1 and stage in ('lead', 'qualified') returning id, owner_id;

-- name: add_stakeholder
-- args: [30, 12, "champion"]
-- expect: ok
insert into deal_contacts (deal_id, contact_id, role) values ($1, $2, $3)
on conflict (deal_id, contact_id) do update set role = excluded.role;

-- name: board_view
-- args: [1, "negotiation"]
-- expect: ok
select id, title, amount, weighted_amount, owner_name, company_name
from deal_board
where pipeline_id = $1 and stage = $2
order by weighted_amount desc, id;

-- name: board_view_with_owner_email
-- args: ["won"]
-- expect: ok
select b.id, b.title, p.email
from deal_board b
join profiles p on p.id = b.owner_id
where b.stage = $1
order by b.id;

-- name: activity_timeline_for_deal
-- args: [14]
-- expect: ok
select a.id, a.type, a.subject, a.due_at, a.done_at, a.outcome, o.full_name as owner_name
from activities a
join profiles o on o.id = a.owner_id
where a.deal_id = $1
order by a.due_at desc;

-- name: my_open_tasks
-- args: ["33333333-3333-4333-8333-333333333333", 10]
-- expect: ok
select id, type, subject, due_at, deal_id
from activities
where owner_id = $1 and done_at is null
order by due_at
limit $2;

-- name: calls_and_meetings
-- args: ["2024-03-10T00:00:00Z", "2024-03-20T00:00:00Z"]
-- expect: ok
select id, type, subject, duration_minutes
from activities
where type in ('call', 'meeting') and due_at >= $1 and due_at < $2
order by due_at;

-- name: call_minutes_by_owner
-- args: []
-- expect: ok
select owner_id, sum(duration_minutes) as minutes, count(*) as calls
from activities
where type = 'call'::activity_type and done_at is not null
group by owner_id;

-- name: activity_counts_per_type
-- args: []
-- expect: ok
select type, count(*) from activities group by type order by type;

-- name: activities_per_day
-- args: []
-- expect: inexpressible
select due_at::date as day, count(*) from activities group by due_at::date order by 1;

-- name: complete_activity
-- args: [9, "2024-04-02T10:00:00Z", "connected"]
-- expect: ok
update activities set done_at = $2, outcome = $3 where id = $1 and done_at is null returning id, done_at, outcome;

-- name: log_call_fn
-- args: [5, "Quick check-in", 10]
-- expect: ok
select log_call($1, $2, $3);

-- name: schedule_meeting
-- args: ["meeting", "Quarterly review", 14, 5, "22222222-2222-4222-8222-222222222222", "2024-04-10T15:00:00Z", 60]
-- expect: ok
insert into activities (type, subject, deal_id, contact_id, owner_id, due_at, duration_minutes)
values ($1, $2, $3, $4, $5, $6, $7)
returning id, type, subject, due_at;

-- name: activity_with_deal_and_contact
-- args: [40]
-- expect: ok
select a.subject, d.title as deal_title, c.first_name, c.last_name
from activities a
left join deals d on d.id = a.deal_id
left join contacts c on c.id = a.contact_id
where a.id = $1;

-- name: notes_for_company
-- args: [4]
-- expect: ok
select id, body, pinned, created_at from notes where company_id = $1 order by pinned desc, created_at desc;

-- name: notes_with_author_email
-- args: [4]
-- expect: inexpressible
select n.id, n.body, u.email
from notes n
join auth.users u on u.id = n.author_id
where n.company_id = $1;

-- name: notes_with_author_profile
-- args: [4]
-- expect: inexpressible
select n.id, n.body, p.full_name
from notes n
join profiles p on p.id = n.author_id
where n.company_id = $1;

-- name: add_note
-- args: [12, "Sent the revised quote.", "22222222-2222-4222-8222-222222222222"]
-- expect: ok
insert into notes (deal_id, body, author_id) values ($1, $2, $3) returning id, deal_id, body, pinned;

-- name: pin_note
-- args: [10, true]
-- expect: ok
update notes set pinned = $2 where id = $1 returning id, pinned;

-- name: discount_notes
-- args: []
-- expect: ok
select id, body from notes where body like '%\%%' order by id;

-- name: multiline_notes
-- args: []
-- expect: ok
select id, deal_id from notes where body = E'Call back\nTomorrow' order by id;

-- name: quoted_name_notes
-- args: []
-- expect: ok
select id, body from notes where body = $$O'Reilly intro$$ order by id;

-- name: forecast_fn
-- args: [1, "2024-06-01"]
-- expect: ok
select * from sales.pipeline_forecast($1, $2);

-- name: forecast_fn_filtered
-- args: [1, "2024-07-01"]
-- expect: ok
select stage, weighted from sales.pipeline_forecast(p_pipeline_id => $1, p_close_before => $2) where deals > 3 order by weighted desc;

-- name: won_revenue_fn
-- args: ["33333333-3333-4333-8333-333333333333", "2024-01-01", "2024-07-01"]
-- expect: ok
select sales.won_revenue($1, $2, $3) as won;

-- name: quota_attainment_json
-- args: ["2024-01-01"]
-- expect: ok
select sales.quota_attainment($1);

-- name: stage_totals_view
-- args: [2]
-- expect: ok
select stage, deals, amount from sales.stage_totals where pipeline_id = $1 order by stage;

-- name: quotas_for_period
-- args: ["2024-04-01"]
-- expect: ok
select owner_id, amount from sales.quotas where period_start = $1 order by owner_id;

-- name: quotas_with_names
-- args: ["2024-04-01"]
-- expect: inexpressible
select q.owner_id, q.amount, p.full_name
from sales.quotas q
join profiles p on p.id = q.owner_id
where q.period_start = $1;

-- name: set_quota
-- args: ["66666666-6666-4666-8666-666666666666", "2024-04-01", 12500]
-- expect: ok
insert into sales.quotas (owner_id, period_start, amount) values ($1, $2, $3)
on conflict (owner_id, period_start) do update set amount = excluded.amount
returning owner_id, period_start, amount;

-- name: raise_quota_pct
-- args: ["2024-04-01"]
-- expect: inexpressible
update sales.quotas set amount = amount * 1.1 where period_start = $1;

-- name: won_and_lost_union
-- args: []
-- expect: inexpressible
select id, title from deals where stage = 'won' and amount > 90000
union all
select id, title from deals where stage = 'lost' and amount > 90000;

-- name: top_deals_cte
-- args: []
-- expect: inexpressible
with open_deals as (
    select * from deals where stage not in ('won', 'lost')
)
select id, title, amount from open_deals order by amount desc nulls last limit 5;

-- name: distinct_industries
-- args: []
-- expect: inexpressible
select distinct industry from companies where industry is not null order by industry;

-- name: upsert_contact_all_columns
-- args: ["33333333-3333-4333-8333-333333333333", "Ben", "Okafor", "ben1@mail.example", "+1-555-0199"]
-- expect: ok
insert into contacts (owner_id, first_name, last_name, email, phone)
values ($1, $2, $3, $4, $5)
on conflict (email) do update
set owner_id = excluded.owner_id, first_name = excluded.first_name, last_name = excluded.last_name,
    email = excluded.email, phone = excluded.phone
returning id, email, phone;

-- name: renewals_by_company_name
-- args: [2]
-- expect: ok
select d.id, d.title, d.amount
from deals d
join companies c on c.id = d.company_id
where d.pipeline_id = $1
order by c.name, d.id;

-- name: subsidiaries_by_parent_name
-- args: []
-- expect: ok
select c.id, c.name
from companies c
join companies p on p.id = c.parent_id
order by p.name desc, c.name;

-- name: contacts_by_company_industry
-- args: [10]
-- expect: ok
select ct.id, ct.first_name, co.name as company
from contacts ct
join companies co on co.id = ct.company_id
order by co.industry nulls last, ct.id
limit $1;

-- name: company_of_contact_if_software
-- args: [7]
-- expect: ok
select id, name, industry from company_of_contact($1) where industry = 'software';

-- name: company_of_contact_filtered_out
-- args: [2]
-- expect: ok
select id, name from company_of_contact($1) where industry = 'retail';

-- name: owner_stats_if_open
-- args: ["22222222-2222-4222-8222-222222222222"]
-- expect: ok
select * from owner_stats($1) where open_deals > 0;

-- name: owner_stats_won_only
-- args: ["66666666-6666-4666-8666-666666666666"]
-- expect: ok
select won_amount from owner_stats(p_owner => $1) where won_amount >= 0;

-- name: escaped_newline_notes
-- args: []
-- expect: ok
select id, body from notes where body like E'Call back\n%' or body = E'O\'Reilly intro' order by id;

-- name: dollar_quoted_insert
-- args: [3, "11111111-1111-4111-8111-111111111111"]
-- expect: ok
insert into notes (company_id, author_id, body) values ($1, $2, $body$Said "it's a go" -- pending $$ approval$body$)
returning id, body;
