-- Kahoot-style quiz game: quiz sets, questions with ordered choices, games, participants, answers.
do $$ begin
    create type public.game_phase as enum ('lobby', 'quiz', 'result');
exception
    when duplicate_object then null;
end $$;

do $$ begin
    create type public.difficulty as enum ('easy', 'medium', 'hard');
exception
    when duplicate_object then null;
end $$;

create table public.quiz_sets (
    id uuid primary key default extensions.gen_random_uuid(),
    name text not null,
    description text,
    owner_id uuid references auth.users (id),
    tags text[] not null default '{}',
    level difficulty not null default 'medium',
    is_public boolean not null default true,
    created_at timestamptz not null default now()
);

create table public.questions (
    id uuid primary key default extensions.gen_random_uuid(),
    quiz_set_id uuid not null references public.quiz_sets (id) on delete cascade,
    body text not null,
    image_url text,
    "order" integer not null,
    time_limit_seconds smallint not null default 20,
    points integer not null default 1000,
    unique (quiz_set_id, "order")
);

create table public.choices (
    id uuid primary key default extensions.gen_random_uuid(),
    question_id uuid not null references public.questions (id) on delete cascade,
    body text not null,
    position smallint not null,
    is_correct boolean not null default false,
    unique (question_id, position)
);

create table public.games (
    id uuid primary key default extensions.gen_random_uuid(),
    quiz_set_id uuid not null references public.quiz_sets (id),
    host_user_id uuid references auth.users (id),
    phase game_phase not null default 'lobby',
    current_question_sequence integer not null default 0,
    is_answer_revealed boolean not null default false,
    pin char(6) not null unique,
    started_at timestamptz,
    created_at timestamptz not null default now()
);

create table public.participants (
    id uuid primary key default extensions.gen_random_uuid(),
    game_id uuid not null references public.games (id) on delete cascade,
    nickname text not null,
    user_id uuid references auth.users (id),
    joined_at timestamptz not null default now(),
    unique (game_id, nickname)
);

create table public.answers (
    id bigint generated always as identity primary key,
    participant_id uuid not null references public.participants (id) on delete cascade,
    question_id uuid not null references public.questions (id) on delete cascade,
    choice_id uuid references public.choices (id) on delete cascade,
    score integer not null default 0,
    answered_at timestamptz not null default now(),
    unique (participant_id, question_id)
);

alter table public.quiz_sets enable row level security;
alter table public.games enable row level security;
alter table public.participants enable row level security;
alter table public.answers enable row level security;
create policy "Public quiz sets are readable" on public.quiz_sets for select using (is_public or owner_id = auth.uid());
create policy "Owners edit quiz sets" on public.quiz_sets for all to authenticated using (owner_id = auth.uid());
create policy "Games are readable" on public.games for select using (true);
create policy "Hosts update games" on public.games for update to authenticated using (host_user_id = auth.uid());
create policy "Participants are readable" on public.participants for select using (true);
create policy "Anyone may join" on public.participants for insert with check (true);
create policy "Answers are readable" on public.answers for select using (true);
