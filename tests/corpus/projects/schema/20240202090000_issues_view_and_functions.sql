create view public.issues_view
with (security_invoker = on)
as
select
    i.id,
    p.key || '-' || i.number as identifier,
    i.project_id,
    p.workspace_id,
    i.title,
    i.type,
    i.status,
    i.priority,
    i.estimate,
    i.assignee_id,
    a.full_name as assignee_name,
    i.cycle_id,
    i.due_date,
    i.is_open,
    i.created_at,
    i.updated_at,
    coalesce(
        (select array_agg(l.name order by l.name) from public.issue_labels il
         join public.labels l on l.id = il.label_id where il.issue_id = i.id),
        '{}'
    ) as labels
from public.issues i
join public.projects p on p.id = i.project_id
left join public.profiles a on a.id = i.assignee_id;

-- issues assigned to the signed-in user that are still open
create function public.my_open_issues()
returns setof public.issues
language sql
stable
as $$
    select * from public.issues
    where assignee_id = auth.uid() and is_open
    order by priority, "sortOrder";
$$;

create function public.create_issue(
    p_project_id bigint,
    p_title text,
    p_priority public.issue_priority default 'none',
    p_assignee_id uuid default null
)
returns public.issues
language plpgsql
as $$
declare
    result public.issues;
begin
    insert into public.issues (project_id, number, title, priority, assignee_id, creator_id)
    values (p_project_id, 0, p_title, p_priority, p_assignee_id, auth.uid())
    returning * into result;
    return result;
end;
$$;

create function public.move_issue(p_issue_id bigint, p_status public.issue_status)
returns void
language sql
as $$
    update public.issues set status = p_status where id = p_issue_id;
$$;

create function public.next_issue_number(p_project_id bigint)
returns integer
language sql
stable
as $$
    select coalesce(max(number), 0) + 1 from public.issues where project_id = p_project_id;
$$;

create function public.search_issues(q text, ws uuid)
returns setof public.issues_view
language sql
stable
as $$
    select * from public.issues_view v
    where v.workspace_id = ws
      and (v.title ilike '%' || q || '%' or v.identifier ilike q)
    order by v.updated_at desc;
$$;
