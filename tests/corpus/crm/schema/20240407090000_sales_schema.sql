-- Reporting API for the sales dashboard, exposed as a second schema.
create schema if not exists sales;
grant usage on schema sales to anon, authenticated, service_role;

create table sales.quotas (
    owner_id uuid not null references public.profiles (id) on delete cascade,
    period_start date not null,
    amount numeric(12,2) not null,
    primary key (owner_id, period_start)
);
grant all on sales.quotas to authenticated, service_role;

create view sales.stage_totals
with (security_invoker = on)
as
select pipeline_id, stage, count(*) as deals, coalesce(sum(amount), 0) as amount
from public.deals
group by pipeline_id, stage;
grant select on sales.stage_totals to authenticated, service_role;

create function sales.pipeline_forecast(p_pipeline_id integer, p_close_before date)
returns table (stage public.deal_stage, deals bigint, amount numeric, weighted numeric)
language sql
stable
as $$
    select stage, count(*), coalesce(sum(amount), 0),
           round(coalesce(sum(amount * probability / 100.0), 0), 2)
    from public.deals
    where pipeline_id = p_pipeline_id
      and stage not in ('won', 'lost')
      and expected_close < p_close_before
    group by stage
    order by stage;
$$;

create function sales.won_revenue(p_owner uuid, p_from date, p_to date)
returns numeric
language sql
stable
as $$
    select coalesce(sum(amount), 0)
    from public.deals
    where owner_id = p_owner and stage = 'won'
      and closed_at >= p_from and closed_at < p_to;
$$;

create function sales.quota_attainment(p_period date)
returns json
language sql
stable
as $$
    select coalesce(json_agg(json_build_object(
        'owner_id', q.owner_id,
        'quota', q.amount,
        'won', sales.won_revenue(q.owner_id, q.period_start, (q.period_start + interval '3 months')::date)
    ) order by q.owner_id), '[]'::json)
    from sales.quotas q
    where q.period_start = p_period;
$$;

grant execute on all functions in schema sales to authenticated, service_role;
