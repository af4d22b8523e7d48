-- A candidate filter that walks the tasks in the page's order probes each task's candidate rows
-- by the primary key; with the state and assignment in the key's index (INCLUDE) the probe is
-- answered from the index alone. Those columns change with the task anyway (the search index
-- holds them), so the wider entries add no writes.
ALTER TABLE engine.user_task_candidate DROP CONSTRAINT user_task_candidate_pk,
  ADD CONSTRAINT user_task_candidate_pk PRIMARY KEY (user_task_key, kind, candidate) INCLUDE (state, assigned);
--> statement-breakpoint
-- Inbox searches walk an index and stop at the page's end; a parallel plan's worker start-up
-- (tens of ms on a busy machine) costs more than the few hundred index entries it shares out.
ALTER TABLE engine.user_task SET (parallel_workers = 0);
--> statement-breakpoint
ALTER TABLE engine.user_task_candidate SET (parallel_workers = 0);
