-- Dashboards read from the `reporting` schema.
create schema if not exists reporting;
grant usage on schema reporting to anon, authenticated, service_role;

create view reporting.issue_counts
with (security_invoker = on)
as
select project_id, status, count(*) as issues, coalesce(sum(estimate), 0) as points
from public.issues
group by project_id, status;

create view reporting.cycle_progress
with (security_invoker = on)
as
select
    c.id as cycle_id,
    c.project_id,
    c.number,
    c.starts_on,
    c.ends_on,
    count(i.id) as total,
    count(i.id) filter (where i.status = 'done') as done
from public.cycles c
left join public.issues i on i.cycle_id = c.id
group by c.id;

create function reporting.time_by_user(ws uuid, from_date date, to_date date)
returns table (user_id uuid, full_name text, minutes bigint, billable_minutes bigint)
language sql
stable
as $$
    select t.user_id, pr.full_name, sum(t.minutes)::bigint,
           coalesce(sum(t.minutes) filter (where t.billable), 0)::bigint
    from public.time_entries t
    join public.issues i on i.id = t.issue_id
    join public.projects p on p.id = i.project_id
    join public.profiles pr on pr.id = t.user_id
    where p.workspace_id = ws
      and t.started_at >= from_date and t.started_at < to_date + 1
    group by t.user_id, pr.full_name
    order by 3 desc;
$$;

create function reporting.project_summary(p_project_id bigint)
returns json
language sql
stable
as $$
    select json_build_object(
        'open', count(*) filter (where is_open),
        'closed', count(*) filter (where not is_open),
        'urgent', count(*) filter (where priority = 'urgent' and is_open),
        'overdue', count(*) filter (where due_date < date '2024-03-15' and is_open)
    )
    from public.issues where project_id = p_project_id;
$$;

create function reporting.velocity(p_project_id bigint)
returns table (cycle_number integer, points bigint)
language sql
stable
as $$
    select c.number, coalesce(sum(i.estimate) filter (where i.status = 'done'), 0)::bigint
    from public.cycles c
    left join public.issues i on i.cycle_id = c.id
    where c.project_id = p_project_id
    group by c.number
    order by c.number;
$$;

grant select on all tables in schema reporting to authenticated, service_role;
grant execute on all functions in schema reporting to authenticated, service_role;
