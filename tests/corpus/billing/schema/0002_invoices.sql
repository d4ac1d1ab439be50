-- Invoices with money as numeric, and a coupon table with an identity key.
do $$ begin
    create type invoice_status as enum ('draft', 'open', 'paid', 'void', 'uncollectible');
exception
    when duplicate_object then null;
end $$;

create table public.invoices (
    id text primary key,
    subscription_id text references public.subscriptions (id),
    customer_id uuid not null references public.customers (id),
    status invoice_status not null default 'draft',
    amount_due numeric(12, 2) not null default 0,
    amount_paid numeric(12, 2) not null default 0,
    amount_remaining numeric(12, 2) generated always as (amount_due - amount_paid) stored,
    currency text not null default 'usd',
    line_items jsonb not null default '[]'::jsonb,
    period_start timestamptz,
    period_end timestamptz,
    created_at timestamptz not null default now()
);
alter table public.invoices enable row level security;
create policy "Customers read own invoices" on public.invoices for select using (auth.uid() = customer_id);

create table public.coupons (
    id bigint generated always as identity primary key,
    code text not null unique,
    percent_off numeric(5, 2),
    amount_off bigint,
    valid_until date,
    max_redemptions integer,
    times_redeemed integer not null default 0,
    applies_to text[] not null default '{}'
);

create index on public.invoices (customer_id, created_at desc);
create index on public.subscriptions (user_id);
