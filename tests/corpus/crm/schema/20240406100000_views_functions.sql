create view public.deal_board
with (security_invoker = on)
as
select
    d.id,
    d.pipeline_id,
    d.title,
    d.stage,
    d.amount,
    d.probability,
    round(coalesce(d.amount, 0) * coalesce(d.probability, 0) / 100, 2) as weighted_amount,
    d.expected_close,
    d.owner_id,
    o.full_name as owner_name,
    c.id as company_id,
    c.name as company_name
from public.deals d
join public.profiles o on o.id = d.owner_id
left join public.companies c on c.id = d.company_id;

create function public.my_open_deals()
returns setof public.deals
language sql
stable
as $$
    select * from public.deals
    where owner_id = auth.uid() and stage not in ('won', 'lost')
    order by expected_close nulls last, id;
$$;

create function public.search_contacts(q text)
returns setof public.contacts
language sql
stable
as $$
    select * from public.contacts
    where first_name ilike '%' || q || '%'
       or last_name ilike '%' || q || '%'
       or email ilike '%' || q || '%'
    order by last_name, first_name, id;
$$;

create function public.deal_weighted_amount(p_deal_id bigint)
returns numeric
language sql
stable
as $$
    select round(coalesce(amount, 0) * coalesce(probability, 0) / 100, 2)
    from public.deals where id = p_deal_id;
$$;

create function public.move_deal(p_deal_id bigint, p_stage public.deal_stage, p_lost_reason text default null)
returns public.deals
language plpgsql
as $$
declare
    result public.deals;
begin
    update public.deals
    set stage = p_stage,
        lost_reason = case when p_stage = 'lost' then p_lost_reason end,
        probability = case p_stage when 'won' then 100 when 'lost' then 0 else probability end
    where id = p_deal_id
    returning * into result;
    return result;
end;
$$;

create function public.contact_card(p_contact_id bigint)
returns table (id bigint, full_name text, email text, company_name text, open_deals bigint)
language sql
stable
as $$
    select ct.id, ct.first_name || coalesce(' ' || ct.last_name, ''), ct.email, co.name,
           (select count(*) from public.deal_contacts dc join public.deals d on d.id = dc.deal_id
            where dc.contact_id = ct.id and d.stage not in ('won', 'lost'))
    from public.contacts ct
    left join public.companies co on co.id = ct.company_id
    where ct.id = p_contact_id;
$$;

create function public.log_call(p_contact_id bigint, p_subject text, p_minutes integer, p_outcome text default null)
returns bigint
language sql
as $$
    insert into public.activities (type, subject, contact_id, owner_id, done_at, duration_minutes, outcome)
    values ('call', p_subject, p_contact_id, auth.uid(), now(), p_minutes, p_outcome)
    returning id;
$$;

create function public.company_of_contact(p_contact_id bigint)
returns public.companies
language sql
stable
as $$
    select co.* from public.companies co
    join public.contacts ct on ct.company_id = co.id
    where ct.id = p_contact_id;
$$;

create type public.owner_deal_stats as (open_deals bigint, open_amount numeric, won_amount numeric);

create function public.owner_stats(p_owner uuid)
returns public.owner_deal_stats
language sql
stable
as $$
    select count(*) filter (where stage not in ('won', 'lost')),
           coalesce(sum(amount) filter (where stage not in ('won', 'lost')), 0),
           coalesce(sum(amount) filter (where stage = 'won'), 0)
    from public.deals
    where owner_id = p_owner;
$$;
