-- schemas: public,helpdesk

-- name: teams_list
-- args: []
-- expect: ok
select id, name, email_alias, "timeZone" from teams order by name;

-- name: team_agents
-- args: [1]
-- expect: ok
select id, "displayName", email, role from agents where team_id = $1 and is_active order by "displayName";

-- name: agents_with_team
-- args: []
-- expect: ok
select a."displayName", a.role, t.name as team
from agents a
left join teams t on t.id = a.team_id
order by a."displayName";

-- name: agents_with_skill
-- args: ["billing"]
-- expect: ok
select id, "displayName" from agents where $1 = any(skills) order by "displayName";

-- name: agents_with_all_skills
-- args: [["billing", "refunds"]]
-- expect: ok
select id, "displayName", skills from agents where skills @> $1;

-- name: deactivate_agent
-- args: ["55555555-5555-4555-8555-555555555555"]
-- expect: ok
update agents set is_active = false, max_open_tickets = 0 where id = $1 returning id, is_active;

-- name: rename_agent
-- args: ["33333333-3333-4333-8333-333333333333", "Carol Chen"]
-- expect: ok
update agents set "displayName" = $2 where id = $1 returning "displayName";

-- name: shifts_at_instant
-- args: ["2024-04-02T11:00:00Z"]
-- expect: ok
select id, agent_id, during from agent_shifts where during @> $1::timestamptz order by id;

-- name: shifts_overlapping
-- args: ["[2024-04-03 12:00:00+00,2024-04-03 13:00:00+00)"]
-- expect: ok
select agent_id, during from agent_shifts where during && $1::tstzrange order by agent_id;

-- name: on_call_shifts
-- args: []
-- expect: ok
select s.id, s.during, a."displayName"
from agent_shifts s
join agents a on a.id = s.agent_id
where s.note = 'on call'
order by s.id;

-- name: shift_lengths
-- args: []
-- expect: inexpressible
select id, upper(during) - lower(during) as length from agent_shifts order by id limit 5;

-- name: add_shift
-- args: ["33333333-3333-4333-8333-333333333333", "[2024-04-10 08:00:00+00,2024-04-10 16:00:00+00)"]
-- expect: ok
insert into agent_shifts (agent_id, during) values ($1, $2) returning id, during;

-- name: customer_lookup
-- args: ["customer12@client.example"]
-- expect: ok
select customer_id, name, plan, company from customers where email = $1;

-- name: customers_search
-- args: ["%nov%", 10, 0]
-- expect: ok
select customer_id, name, email from customers
where name ilike $1 or email ilike $1
order by name, customer_id
limit $2 offset $3;

-- name: customer_of_user
-- args: ["66666666-6666-4666-8666-666666666666"]
-- expect: ok
select customer_id, name, email from customers where "user" = $1;

-- name: customers_with_login
-- args: []
-- expect: ok
select customer_id, name, "user" from customers where "user" is not null;

-- name: customers_with_settings
-- args: ["de"]
-- expect: ok
select c.customer_id, c.name, s.locale, s."allowEmail"
from customers c
join customer_settings s using (customer_id)
where s.locale = $1
order by c.customer_id;

-- name: customer_sla_left
-- args: []
-- expect: ok
select c.customer_id, c.plan, s.first_response, s.resolution
from customers c
left join customer_settings s using (customer_id)
where c.plan = 'enterprise'
order by c.customer_id;

-- name: tickets_using_customer
-- args: ["urgent"]
-- expect: ok
select t.id, t.subject, c.name, c.plan
from tickets t
join customers c using (customer_id)
where t.priority = $1
order by t.id;

-- name: customers_by_company_plan
-- args: []
-- expect: ok
select plan, count(*) as customers from customers where company is not null group by plan order by plan;

-- name: update_customer_locale
-- args: [3, "fr", false]
-- expect: ok
update customer_settings set locale = $2, "allowEmail" = $3 where customer_id = $1 returning customer_id, locale, "allowEmail";

-- name: upsert_customer_settings
-- args: [3, "de", "2 hours", "1 day"]
-- expect: ok
insert into customer_settings (customer_id, locale, first_response, resolution)
values ($1, $2, $3::interval, $4::interval)
on conflict (customer_id) do update
set locale = excluded.locale, first_response = excluded.first_response, resolution = excluded.resolution
returning customer_id, locale, first_response, resolution;

-- name: new_customer
-- args: ["Rosa Park", "rosa@client.example", "pro"]
-- expect: ok
insert into customers (name, email, plan, created_at) values ($1, $2, $3, '2024-04-01T00:00:00Z')
returning customer_id, name, plan;

-- name: ticket_queue_for_team
-- args: [1, 25]
-- expect: ok
select id, subject, status, priority, created_at
from tickets
where team_id = $1 and status in ('new', 'open')
order by priority desc, created_at
limit $2;

-- name: unassigned_tickets
-- args: []
-- expect: ok
select id, subject, priority from tickets where assignee_id is null and status not in ('solved', 'closed') order by id;

-- name: ticket_page_offset
-- args: [2, 10, 20]
-- expect: ok
select id, subject, status from tickets where team_id = $1 order by id desc limit $2 offset $3;

-- name: ticket_detail
-- args: [17]
-- expect: ok
select t.*, c.name as customer_name, c.email as customer_email, a."displayName" as assignee
from tickets t
join customers c on c.customer_id = t.customer_id
left join agents a on a.id = t.assignee_id
where t.id = $1;

-- name: ticket_thread
-- args: [16]
-- expect: ok
select m.id, m.body, m.is_internal, m.created_at, a."displayName" as agent, c.name as customer
from ticket_messages m
left join agents a on a.id = m.author_agent_id
left join customers c on c.customer_id = m.author_customer_id
where m.ticket_id = $1
order by m.created_at;

-- name: public_thread
-- args: [16]
-- expect: ok
select id, body, created_at from ticket_messages where ticket_id = $1 and is_internal is false order by created_at;

-- name: search_messages_fts
-- args: ["refund"]
-- expect: ok
select id, ticket_id, body from ticket_messages where search @@ websearch_to_tsquery('english', $1) order by id limit 10;

-- name: search_messages_plain
-- args: ["crash"]
-- expect: ok
select id, ticket_id from ticket_messages where search @@ plainto_tsquery('english', $1) order by id limit 10;

-- name: search_messages_fn
-- args: ["invoice VAT"]
-- expect: ok
select id, ticket_id, body from search_messages($1) limit 5;

-- name: message_rank
-- args: ["refund"]
-- expect: inexpressible
select id, ts_rank(search, plainto_tsquery('english', $1)) as rank
from ticket_messages
where search @@ plainto_tsquery('english', $1)
order by rank desc;

-- name: tickets_by_subject
-- args: ["%crash%"]
-- expect: ok
select id, subject, status from tickets where subject ilike $1 and status <> 'closed' order by id;

-- name: tickets_not_about_billing
-- args: []
-- expect: ok
select id, subject from tickets where not ('billing' = any(tags)) and priority = 'urgent' order by id;

-- name: tickets_with_tags
-- args: [["bug", "mobile"]]
-- expect: ok
select id, subject, tags from tickets where tags @> $1 order by id;

-- name: tickets_for_order
-- args: ["ORD-1005"]
-- expect: ok
select id, subject, custom_fields->>'order_id' as order_id from tickets where custom_fields->>'order_id' = $1;

-- name: tickets_on_platform
-- args: ["ios", 5]
-- expect: ok
select id, custom_fields->>'app_version' as app_version
from tickets
where custom_fields->>'platform' = $1
order by id
limit $2;

-- name: vip_custom_field
-- args: []
-- expect: ok
select id, subject from tickets where custom_fields @> '{"vip": true}' order by id limit 10;

-- name: tickets_in_versions
-- args: [["3.0.1", "3.2.1"]]
-- expect: ok
select id, custom_fields->>'app_version' as version from tickets where custom_fields->>'app_version' = any($1) order by id;

-- name: tickets_by_customer_plan
-- args: ["enterprise"]
-- expect: ok
select t.id, t.subject, t.priority
from tickets t
join customers c on c.customer_id = t.customer_id
where c.plan = $1 and t.status = 'open'
order by t.id;

-- name: reassign_ticket
-- args: [5, "33333333-3333-4333-8333-333333333333"]
-- expect: ok
update tickets set assignee_id = $2, status = 'open' where id = $1 returning id, assignee_id, status;

-- name: escalate
-- args: [[3, 4, 5]]
-- expect: ok
update tickets set priority = 'urgent' where id = any($1) and priority is distinct from 'urgent' returning id, priority;

-- name: solve_ticket
-- args: [9, "2024-04-21T10:00:00Z"]
-- expect: ok
update tickets set status = 'solved', solved_at = $2 where id = $1 and status not in ('solved', 'closed') returning id, status, solved_at;

-- name: solve_now
-- args: [9]
-- expect: inexpressible
update tickets set status = 'solved', solved_at = now() where id = $1;

-- name: close_old_solved
-- args: ["2024-03-15T00:00:00Z"]
-- expect: ok
update tickets set status = 'closed' where status = 'solved' and solved_at < $1 returning id;

-- name: add_tag
-- args: [10]
-- expect: inexpressible
update tickets set tags = array_append(tags, 'escalated') where id = $1;

-- name: create_ticket
-- args: [5, "Export stuck at 99%", "high", "chat"]
-- expect: ok
insert into tickets (customer_id, subject, priority, channel, team_id, created_at)
values ($1, $2, $3, $4, 3, '2024-04-15T09:00:00Z')
returning id, subject, status, priority, first_response_due, resolution_due;

-- name: open_ticket_fn
-- args: [8, "Cannot change billing email", "The field is greyed out."]
-- expect: ok
select id, subject, status, priority, channel from open_ticket($1, $2, $3);

-- name: open_ticket_named
-- args: [8, "Outage?", "Nothing loads.", "urgent"]
-- expect: ok
select id, priority, channel from open_ticket(p_customer_id => $1, p_subject => $2, p_body => $3, p_priority => $4::ticket_priority);

-- name: reply
-- args: [12, "22222222-2222-4222-8222-222222222222", "We shipped a fix, please update to 3.1.2."]
-- expect: ok
insert into ticket_messages (ticket_id, author_agent_id, body, created_at) values ($1, $2, $3, '2024-04-21T12:00:00Z')
returning id, ticket_id, is_internal;

-- name: internal_note
-- args: [12, "33333333-3333-4333-8333-333333333333"]
-- expect: ok
insert into ticket_messages (ticket_id, author_agent_id, body, is_internal, created_at)
values ($1, $2, E'Escalated to platform.\nSee incident INC-42.', true, '2024-04-21T12:05:00Z')
returning id, body;

-- name: delete_message
-- args: [2]
-- expect: ok
delete from ticket_messages where id = $1 and is_internal returning id;

-- name: messages_per_ticket
-- args: []
-- expect: ok
select t.id, t.subject, count(m.id) as messages
from tickets t
left join ticket_messages m on m.ticket_id = t.id
where t.priority = 'urgent'
group by t.id, t.subject
order by t.id;

-- name: tickets_without_replies_subquery
-- args: []
-- expect: ok
select id, subject from tickets t
where not exists (select 1 from ticket_messages m where m.ticket_id = t.id and m.author_agent_id is not null)
order by id;

-- name: status_counts
-- args: [1]
-- expect: ok
select status, count(*) from tickets where team_id = $1 group by status order by status;

-- name: priority_counts_by_team
-- args: []
-- expect: ok
select team_id, priority, count(*) as tickets from tickets where status not in ('solved', 'closed') group by team_id, priority;

-- name: oldest_open_per_team
-- args: []
-- expect: ok
select team_id, min(created_at) as oldest from tickets where status = 'open' group by team_id;

-- name: breached_first_response
-- args: []
-- expect: inexpressible
select id, subject from tickets where first_responded_at > first_response_due order by id;

-- name: overdue_now
-- args: []
-- expect: inexpressible
select id, subject, resolution_due from tickets where resolution_due < now() and status not in ('solved', 'closed') order by resolution_due;

-- name: due_before
-- args: ["2024-03-10T00:00:00Z"]
-- expect: ok
select id, subject, resolution_due from tickets
where resolution_due < $1 and status not in ('solved', 'closed')
order by resolution_due, id;

-- name: resolution_time
-- args: []
-- expect: inexpressible
select id, solved_at - created_at as took from tickets where solved_at is not null order by id limit 10;

-- name: avg_resolution_hours
-- args: []
-- expect: inexpressible
select priority, avg(extract(epoch from solved_at - created_at) / 3600) as hours
from tickets where solved_at is not null group by priority;

-- name: created_per_day
-- args: []
-- expect: inexpressible
select created_at::date as day, count(*) from tickets group by 1 order by 1;

-- name: tickets_in_window
-- args: ["2024-03-05", "2024-03-08"]
-- expect: ok
select id, created_at from tickets where created_at between $1::timestamptz and $2::timestamptz order by created_at;

-- name: sla_policies_list
-- args: []
-- expect: ok
select priority, first_response, resolution from sla_policies order by priority;

-- name: sla_fn
-- args: []
-- expect: ok
select sla_for('high') as resolution;

-- name: ticket_by_id_fn
-- args: [21]
-- expect: ok
select id, subject, status from ticket_by_id($1);

-- name: ticket_by_id_if_open
-- args: [21]
-- expect: ok
select id, subject from ticket_by_id($1) where status in ('open', 'new', 'pending');

-- name: my_tickets_fn
-- args: []
-- expect: ok
select id, subject, priority from my_tickets() where priority in ('high', 'urgent');

-- name: ratings_for_team
-- args: [2]
-- expect: ok
select r.ticket_id, r.score, r.comment
from satisfaction_ratings r
join tickets t on t.id = r.ticket_id
where t.team_id = $1
order by r.ticket_id;

-- name: low_scores
-- args: [2]
-- expect: ok
select ticket_id, score, comment from satisfaction_ratings where score <= $1 and comment is not null order by ticket_id;

-- name: average_score
-- args: []
-- expect: ok
select avg(score) as csat, count(*) as ratings from satisfaction_ratings;

-- name: score_distribution
-- args: []
-- expect: ok
select score, count(*) from satisfaction_ratings group by score order by score;

-- name: rate_ticket
-- args: [4, 5, "Thanks!"]
-- expect: ok
insert into satisfaction_ratings (ticket_id, score, comment, created_at) values ($1, $2, $3, '2024-04-21T00:00:00Z')
on conflict (ticket_id) do update set score = excluded.score, comment = excluded.comment, created_at = excluded.created_at
returning ticket_id, score;

-- name: rate_ticket_keep_first
-- args: [5, 2]
-- expect: ok
insert into satisfaction_ratings (ticket_id, score) values ($1, $2) on conflict (ticket_id) do nothing;

-- name: rating_with_ticket_and_customer
-- args: [14]
-- expect: ok
select r.score, t.subject, c.name
from satisfaction_ratings r
join tickets t on t.id = r.ticket_id
join customers c on c.customer_id = t.customer_id
where r.ticket_id = $1;

-- name: audit_for_ticket
-- args: [14]
-- expect: ok
select id, action, old_value, new_value, created_at from ticket_audit where ticket_id = $1 order by created_at;

-- name: audit_in_april
-- args: ["2024-04-01T00:00:00Z", "2024-04-02T00:00:00Z"]
-- expect: ok
select id, ticket_id, action from ticket_audit where created_at >= $1 and created_at < $2 order by created_at;

-- name: audit_status_changes_to
-- args: ["open"]
-- expect: ok
select id, ticket_id from ticket_audit where action = 'status_changed' and new_value->>'status' = $1 order by id limit 10;

-- name: audit_with_actor_email
-- args: [14]
-- expect: inexpressible
select a.id, a.action, u.email from ticket_audit a join auth.users u on u.id = a.actor where a.ticket_id = $1;

-- name: system_actions
-- args: []
-- expect: ok
select id, ticket_id, action from ticket_audit where actor is null order by id limit 10;

-- name: write_audit
-- args: [14, "22222222-2222-4222-8222-222222222222", {"status": "open"}, {"status": "pending"}]
-- expect: ok
insert into ticket_audit (ticket_id, actor, action, old_value, new_value, created_at)
values ($1, $2, 'status_changed', $3, $4, '2024-04-20T10:00:00Z')
returning id, action, new_value;

-- name: actions_per_ticket
-- args: []
-- expect: ok
select t.id, count(a.id) as changes
from tickets t
join ticket_audit a on a.ticket_id = t.id
where t.id <= 10
group by t.id
order by t.id;

-- name: queue_view
-- args: [2]
-- expect: ok
select id, subject, priority, assignee_name, customer_name, message_count
from ticket_queue
where team_id = $1
order by priority desc, created_at;

-- name: queue_breached
-- args: []
-- expect: ok
select id, subject from ticket_queue where first_response_breached order by id;

-- name: queue_view_with_team
-- args: [1]
-- expect: ok
select q.id, q.subject, tm.name as team
from ticket_queue q
join teams tm on tm.id = q.team_id
where q.team_id = $1
order by q.id;

-- name: agent_load_view
-- args: []
-- expect: ok
select agent_id, "displayName", open_tickets, max_open_tickets from helpdesk.agent_load order by open_tickets desc, agent_id;

-- name: overloaded_agents
-- args: []
-- expect: inexpressible
select agent_id, "displayName" from helpdesk.agent_load where open_tickets > max_open_tickets / 2;

-- name: macros_for_team
-- args: [1]
-- expect: ok
select id, title, body, position, set_status from helpdesk.macros where team_id = $1 or team_id is null order by position;

-- name: reorder_macro
-- args: [2, 0]
-- expect: ok
update helpdesk.macros set position = $2 where id = $1 returning id, position;

-- name: macros_with_team_name
-- args: []
-- expect: inexpressible
select m.title, t.name from helpdesk.macros m join teams t on t.id = m.team_id order by m.position;

-- name: team_csat_fn
-- args: [1, "2024-03-01", "2024-05-01"]
-- expect: ok
select helpdesk.team_csat($1, $2, $3);

-- name: assign_fn
-- args: [11, "44444444-4444-4444-8444-444444444444"]
-- expect: ok
select helpdesk.assign_ticket(p_ticket_id => $1, p_agent_id => $2);

-- name: backlog_fn
-- args: [3]
-- expect: ok
select * from helpdesk.backlog_by_priority($1);

-- name: backlog_fn_urgent
-- args: [1]
-- expect: ok
select tickets, oldest from helpdesk.backlog_by_priority($1) where priority = 'urgent';

-- name: stats_json
-- args: []
-- expect: ok
select helpdesk.ticket_stats();

-- name: first_reply_per_ticket
-- args: []
-- expect: inexpressible
select distinct on (ticket_id) ticket_id, id, created_at
from ticket_messages
where author_agent_id is not null
order by ticket_id, created_at;

-- name: agent_leaderboard
-- args: []
-- expect: inexpressible
select assignee_id, count(*) as solved, dense_rank() over (order by count(*) desc) as place
from tickets
where status in ('solved', 'closed')
group by assignee_id;

-- name: recent_activity_cte
-- args: []
-- expect: inexpressible
with recent as (
    select ticket_id, max(created_at) as last_message from ticket_messages group by ticket_id
)
select t.id, t.subject, r.last_message
from tickets t join recent r on r.ticket_id = t.id
order by r.last_message desc
limit 10;

-- name: priority_label
-- args: []
-- expect: inexpressible
select id, case priority when 'urgent' then 'P1' when 'high' then 'P2' else 'P3' end as label from tickets order by id limit 10;

-- name: customers_or_agents_emails
-- args: []
-- expect: inexpressible
select email from customers where plan = 'enterprise'
union
select email from agents where role = 'admin';

-- name: subject_prefix
-- args: ["Cannot"]
-- expect: ok
select id, subject from tickets where subject like $1 || '%' order by id;

-- name: quoted_macro_body
-- args: []
-- expect: ok
select id, title from helpdesk.macros where body like $$Please use the "Forgot password"%$$;

-- name: pending_by_customer_name
-- args: []
-- expect: ok
select t.id, t.subject
from tickets t
join customers c using (customer_id)
where t.status = 'pending'
order by c.name, t.id;
