create view public.ticket_queue
with (security_invoker = on)
as
select
    t.id,
    t.subject,
    t.status,
    t.priority,
    t.team_id,
    t.assignee_id,
    a."displayName" as assignee_name,
    t.customer_id,
    c.name as customer_name,
    c.plan,
    t.first_response_due,
    t.resolution_due,
    t.first_responded_at is not null and t.first_responded_at > t.first_response_due as first_response_breached,
    (select count(*) from public.ticket_messages m where m.ticket_id = t.id) as message_count,
    t.created_at
from public.tickets t
join public.customers c on c.customer_id = t.customer_id
left join public.agents a on a.id = t.assignee_id
where t.status not in ('solved', 'closed');

create function public.my_tickets()
returns setof public.tickets
language sql
stable
as $$
    select * from public.tickets
    where assignee_id = auth.uid() and status not in ('solved', 'closed')
    order by priority desc, created_at;
$$;

create function public.ticket_by_id(p_id bigint)
returns public.tickets
language sql
stable
as $$
    select * from public.tickets where id = p_id;
$$;

create function public.open_ticket(
    p_customer_id bigint,
    p_subject text,
    p_body text,
    p_priority public.ticket_priority default 'normal',
    p_channel public.ticket_channel default 'web'
)
returns public.tickets
language plpgsql
as $$
declare
    result public.tickets;
begin
    insert into public.tickets (customer_id, subject, priority, channel, created_at)
    values (p_customer_id, p_subject, p_priority, p_channel, timestamptz '2024-04-15 12:00:00+00')
    returning * into result;
    insert into public.ticket_messages (ticket_id, author_customer_id, body, created_at)
    values (result.id, p_customer_id, p_body, timestamptz '2024-04-15 12:00:00+00');
    return result;
end;
$$;

create function public.search_messages(q text)
returns setof public.ticket_messages
language sql
stable
as $$
    select * from public.ticket_messages
    where search @@ websearch_to_tsquery('english', q)
    order by created_at desc, id;
$$;

create function public.sla_for(p_priority public.ticket_priority)
returns interval
language sql
stable
as $$
    select resolution from public.sla_policies where priority = p_priority;
$$;
