// The fields of gwq's one listing query (tmux/sessions.ts parses them), alone in a module: the
// entry starts that query before the rest of gwq loads (early.ts), and the bench asks tmux for
// the same fields.

/** One query for every pane of every session: the whole cost of a listing on the tmux side. */
export const LIST_FORMAT = [
  "#{session_name}",
  "#{pane_id}",
  "#{pane_pid}",
  "#{pane_dead}",
  "#{pane_dead_status}",
  "#{pane_dead_signal}",
  "#{session_attached}",
  "#{window_activity}",
  "#{@gwq_id}",
  "#{pid}:#{start_time}",
  "#{history_size}",
  "#{history_limit}",
  "#{pane_height}",
  "#{alternate_on}",
  "#{socket_path}",
].join("\t");
