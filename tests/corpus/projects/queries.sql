-- schemas: public,reporting

-- name: my_workspaces
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select w.id, w.name, w.slug, m.role
from workspace_members m
join workspaces w on w.id = m.workspace_id
where m.user_id = $1
order by w.name;

-- name: workspace_by_slug
-- args: ["acme"]
-- expect: ok
select * from workspaces where slug = $1;

-- name: workspace_plan
-- args: []
-- expect: ok
select id, name, settings->>'plan' as plan from workspaces where settings->>'plan' is not null;

-- name: workspace_members_list
-- args: ["a0000000-0000-4000-8000-000000000001"]
-- expect: ok
select m.user_id, m.role, m.joined_at, p.full_name, p.email, p.avatar_url
from workspace_members m
join profiles p on p.id = m.user_id
where m.workspace_id = $1
order by m.joined_at;

-- name: members_per_role
-- args: ["a0000000-0000-4000-8000-000000000001"]
-- expect: ok
select role, count(*) from workspace_members where workspace_id = $1 group by role order by role;

-- name: add_member
-- args: ["a0000000-0000-4000-8000-000000000002", "22222222-2222-4222-8222-222222222222"]
-- expect: ok
insert into workspace_members (workspace_id, user_id, role) values ($1, $2, 'member')
on conflict (workspace_id, user_id) do update set role = excluded.role;

-- name: change_member_role
-- args: ["a0000000-0000-4000-8000-000000000001", "44444444-4444-4444-8444-444444444444", "admin"]
-- expect: ok
update workspace_members set role = $3 where workspace_id = $1 and user_id = $2 returning user_id, role;

-- name: remove_member
-- args: ["a0000000-0000-4000-8000-000000000001", "66666666-6666-4666-8666-666666666666"]
-- expect: ok
delete from workspace_members where workspace_id = $1 and user_id = $2;

-- name: is_member_fn
-- args: ["a0000000-0000-4000-8000-000000000002"]
-- expect: ok
select is_workspace_member($1);

-- name: merge_workspace_settings
-- args: ["a0000000-0000-4000-8000-000000000001", {"weekStartsOn": 0}]
-- expect: inexpressible
update workspaces set settings = settings || $2 where id = $1;

-- name: active_projects
-- args: ["a0000000-0000-4000-8000-000000000001"]
-- expect: ok
select id, key, name, color, position
from projects
where workspace_id = $1 and archived_at is null
order by position;

-- name: projects_with_lead
-- args: ["a0000000-0000-4000-8000-000000000001"]
-- expect: ok
select p.id, p.key, p.name, l.full_name as lead_name, l.avatar_url as lead_avatar
from projects p
left join profiles l on l.id = p.lead_id
where p.workspace_id = $1
order by p.position;

-- name: create_project
-- args: ["a0000000-0000-4000-8000-000000000002", "WEB", "Website", "55555555-5555-4555-8555-555555555555"]
-- expect: ok
insert into projects (workspace_id, key, name, lead_id) values ($1, $2, $3, $4)
returning id, key, name, position, color;

-- name: archive_project
-- args: [2, "2024-03-20T12:00:00Z"]
-- expect: ok
update projects set archived_at = $2 where id = $1;

-- name: move_project
-- args: [3, 0]
-- expect: ok
update projects set position = $2 where id = $1 returning id, position;

-- name: board
-- args: [1]
-- expect: ok
select id, number, title, status, priority, assignee_id, "sortOrder"
from issues
where project_id = $1 and status <> 'canceled'
order by status, "sortOrder", id;

-- name: issue_by_identifier
-- args: ["ENG-12"]
-- expect: ok
select * from issues_view where identifier = $1;

-- name: issue_detail
-- args: [10]
-- expect: ok
select i.id, i.number, i.title, i.description, i.status, i.priority, i.estimate, i.due_date,
       a.full_name as assignee, c.full_name as creator
from issues i
left join profiles a on a.id = i.assignee_id
join profiles c on c.id = i.creator_id
where i.id = $1;

-- name: my_issues_with_project
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select i.id, i.number, i.title, i.status, p.key, p.name as project_name
from issues i
join projects p on p.id = i.project_id
where i.assignee_id = $1 and i.is_open
order by i.updated_at desc, i.id
limit 10;

-- name: hot_issues
-- args: [1]
-- expect: ok
select id, title, priority, status
from issues
where project_id = $1
  and priority in ('urgent', 'high')
  and status not in ('done', 'canceled')
order by priority, id;

-- name: search_issue_titles
-- args: [4, "%crash%"]
-- expect: ok
select id, number, title from issues where project_id = $1 and title ilike $2 order by id;

-- name: search_issues_fn
-- args: ["dark mode", "a0000000-0000-4000-8000-000000000001"]
-- expect: ok
select id, identifier, title, status from search_issues($1, $2);

-- name: issues_without_parens
-- args: [1]
-- expect: ok
select id, title from issues where title not ilike '%(%' and project_id = $1 order by id;

-- name: bugs_in_project
-- args: [1]
-- expect: ok
select id, title from issues where type = 'bug'::issue_type and project_id = $1 order by id desc limit 5;

-- name: issue_labels_of
-- args: [8]
-- expect: ok
select l.id, l.name, l.color
from labels l
join issue_labels il on il.label_id = l.id
where il.issue_id = $1
order by l.name;

-- name: issues_with_label
-- args: ["frontend", 1]
-- expect: ok
select i.id, i.title
from issues i
join issue_labels il on il.issue_id = i.id
join labels l on l.id = il.label_id
where l.name = $1 and i.project_id = $2
order by i.id;

-- name: add_label
-- args: [1, 2]
-- expect: ok
insert into issue_labels (issue_id, label_id) values ($1, $2) on conflict do nothing;

-- name: remove_label
-- args: [1, 1]
-- expect: ok
delete from issue_labels where issue_id = $1 and label_id = $2;

-- name: label_usage
-- args: ["a0000000-0000-4000-8000-000000000001"]
-- expect: ok
select l.name, count(il.issue_id) as issues
from labels l
left join issue_labels il on il.label_id = l.id
where l.workspace_id = $1
group by l.name
order by l.name;

-- name: create_issue_insert
-- args: [2, "Audit color contrast", "33333333-3333-4333-8333-333333333333"]
-- expect: ok
insert into issues (project_id, number, title, type, priority, creator_id)
values ($1, 0, $2, 'bug', 'high', $3)
returning id, number, title, status, is_open;

-- name: create_issue_fn
-- args: [4, "Push notifications on Android"]
-- expect: ok
select id, number, title, priority, status from create_issue($1, $2, 'urgent');

-- name: move_issue_fn
-- args: [3]
-- expect: ok
select move_issue($1, 'done');

-- name: set_status
-- args: [4, "in_review"]
-- expect: ok
update issues set status = $2 where id = $1 returning id, status, is_open;

-- name: assign_issue
-- args: [6, "44444444-4444-4444-8444-444444444444", 2.5]
-- expect: ok
update issues set assignee_id = $2, "sortOrder" = $3 where id = $1;

-- name: move_to_cycle
-- args: [2, [4, 8, 12, 16]]
-- expect: ok
update issues set cycle_id = $1 where id = any($2) returning id, cycle_id;

-- name: delete_issue
-- args: [150]
-- expect: ok
delete from issues where id = $1 returning id, title;

-- name: sub_issues
-- args: [30]
-- expect: ok
select id, number, title, status from issues where parent_id = $1 order by number;

-- name: sub_issues_with_parent
-- args: [1]
-- expect: ok
select c.id, c.title, p.title as parent_title
from issues c
join issues p on p.id = c.parent_id
where c.project_id = $1
order by c.id;

-- name: next_number
-- args: [2]
-- expect: ok
select next_issue_number($1);

-- name: my_open_issues_top
-- args: []
-- expect: ok
select id, title, priority from my_open_issues() limit 10;

-- name: my_urgent_issues
-- args: []
-- expect: ok
select id, title from my_open_issues() where priority = 'urgent';

-- name: overdue
-- args: ["2024-03-15"]
-- expect: ok
select id, title, due_date from issues where due_date < $1 and is_open order by due_date, id;

-- name: due_between
-- args: ["2024-03-10", "2024-03-20"]
-- expect: ok
select id, title, due_date, assignee_id from issues where due_date between $1 and $2 order by due_date, id;

-- name: unassigned_backlog
-- args: []
-- expect: ok
select id, title, created_at from issues where assignee_id is null and status in ('backlog', 'todo') order by created_at desc;

-- name: status_counts
-- args: [1]
-- expect: ok
select status, count(*) from issues where project_id = $1 group by status order by status;

-- name: cycle_points
-- args: [2]
-- expect: ok
select sum(estimate) as points from issues where cycle_id = $1;

-- name: avg_estimate_by_priority
-- args: [1]
-- expect: ok
select priority, avg(estimate) as avg_estimate from issues where project_id = $1 group by priority;

-- name: workload_by_assignee
-- args: []
-- expect: inexpressible
select assignee_id,
       count(*) filter (where priority = 'urgent') as urgent,
       count(*) as total
from issues
where is_open
group by assignee_id;

-- name: completed_per_week
-- args: []
-- expect: inexpressible
select date_trunc('week', completed_at) as week, count(*) as completed
from issues
where completed_at is not null
group by 1
order by 1;

-- name: closer_leaderboard
-- args: []
-- expect: inexpressible
select assignee_id, count(*) as closed, rank() over (order by count(*) desc) as place
from issues
where status = 'done' and assignee_id is not null
group by assignee_id;

-- name: issue_comments
-- args: [8]
-- expect: ok
select c.id, c.body, c.created_at, c.edited_at, a.full_name, a.avatar_url
from comments c
join profiles a on a.id = c.author_id
where c.issue_id = $1
order by c.created_at;

-- name: add_comment
-- args: [8, "22222222-2222-4222-8222-222222222222", "Looks good to me"]
-- expect: ok
insert into comments (issue_id, author_id, body) values ($1, $2, $3) returning id, issue_id, body;

-- name: edit_comment
-- args: [9, "Moved to next cycle (again)", "2024-03-02T10:00:00Z", "22222222-2222-4222-8222-222222222222"]
-- expect: ok
update comments set body = $2, edited_at = $3 where id = $1 and author_id = $4 returning id, body;

-- name: comments_with_upvotes
-- args: []
-- expect: inexpressible
select id, reactions->'+1' as plus_ones from comments where reactions ? '+1' order by id;

-- name: latest_comment_per_issue
-- args: []
-- expect: inexpressible
select distinct on (issue_id) issue_id, body, created_at
from comments
order by issue_id, created_at desc;

-- name: comment_counts
-- args: [1]
-- expect: ok
select i.id, i.title, count(c.id) as comments
from issues i
left join comments c on c.issue_id = i.id
where i.project_id = $1
group by i.id, i.title
order by i.id
limit 10;

-- name: issues_without_comments
-- args: [2]
-- expect: ok
select i.id, i.title
from issues i
left join comments c on c.issue_id = i.id
where c.id is null and i.project_id = $1
order by i.id;

-- name: recently_updated
-- args: ["a0000000-0000-4000-8000-000000000001"]
-- expect: ok
select identifier, title, status, assignee_name, labels
from issues_view
where workspace_id = $1
order by updated_at desc, id desc
limit 15;

-- name: open_bugs_by_label
-- args: []
-- expect: ok
select identifier, title from issues_view where labels @> array['bug'] and is_open order by id;

-- name: merged_prs
-- args: []
-- expect: ok
select id, title, metadata->'github'->>'pr' as pr
from issues
where metadata->'github'->>'merged' = 'true'
order by id;

-- name: issue_time_log
-- args: [6]
-- expect: ok
select t.id, t.started_at, t.minutes, t.note, p.full_name
from time_entries t
join profiles p on p.id = t.user_id
where t.issue_id = $1
order by t.started_at;

-- name: log_time
-- args: [12, "11111111-1111-4111-8111-111111111111", "2024-03-05T09:30:00Z", 45, "triage"]
-- expect: ok
insert into time_entries (issue_id, user_id, started_at, minutes, note) values ($1, $2, $3, $4, $5)
returning id, minutes, billable;

-- name: my_minutes_in_range
-- args: ["22222222-2222-4222-8222-222222222222", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"]
-- expect: ok
select sum(minutes) as total from time_entries where user_id = $1 and started_at >= $2 and started_at < $3;

-- name: minutes_per_issue
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select issue_id, sum(minutes) as minutes from time_entries where user_id = $1 group by issue_id order by issue_id;

-- name: hours_per_issue
-- args: []
-- expect: inexpressible
select issue_id, sum(minutes) / 60.0 as hours from time_entries group by issue_id order by issue_id;

-- name: non_billable_entries
-- args: []
-- expect: ok
select id, issue_id, minutes, note from time_entries where not billable order by started_at desc limit 10;

-- name: time_report
-- args: ["a0000000-0000-4000-8000-000000000001"]
-- expect: ok
select * from reporting.time_by_user($1, '2024-02-01', '2024-02-29');

-- name: project_summary_json
-- args: [1]
-- expect: ok
select reporting.project_summary($1);

-- name: velocity
-- args: [1]
-- expect: ok
select cycle_number, points from reporting.velocity($1);

-- name: issue_counts_report
-- args: [1]
-- expect: ok
select * from reporting.issue_counts where project_id = $1 order by status;

-- name: cycle_progress_report
-- args: [4]
-- expect: ok
select cycle_id, number, total, done from reporting.cycle_progress where project_id = $1 order by number;

-- name: current_cycle
-- args: [1, "2024-02-20"]
-- expect: ok
select id, number, name, starts_on, ends_on from cycles where project_id = $1 and starts_on <= $2 and ends_on > $2;

-- name: update_time_zone
-- args: ["44444444-4444-4444-8444-444444444444", "America/Chicago"]
-- expect: ok
update profiles set "timeZone" = $2 where id = $1 returning id, "timeZone";

-- name: profiles_by_email
-- args: [["carol@example.com", "alice@example.com", "nobody@example.com"]]
-- expect: ok
select id, full_name, email from profiles where email = any($1) order by email;
