#include "api/openapi/openapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Orc::Api {

using namespace Qt::StringLiterals;

namespace {

// One operation per line:
//   METHOD PATH | tag | STATUS [SCHEMA|text] | BODY ('-' none, 'Name?' optional) | QUERY ('-' or name[:type] ...) | summary
// Response and body schemas name components.schemas; path parameters come from the path.
const char *const Operations = R"(
GET /health | system | 200 Health | - | - | Health of the service and of each component (503 when one is down)
GET /health/live | system | 200 Status | - | - | The event loop answers
GET /health/ready | system | 200 Status | - | - | Ready once storage is open and migrated (503 before)
GET /metrics | system | 200 text | - | - | Prometheus metrics (text format 0.0.4)
GET /api/v1/openapi.json | system | 200 Object | - | - | This document
GET /api/v1/events | events | 200 EventList | - | after_seq:integer limit:integer | The event log after a seq
GET /api/v1/locks | system | 200 LockList | - | - | Locks held and waited for, with their queues
POST /api/v1/sessions | sessions | 201 Session | SessionCreate | - | Create a session (auto_start starts it)
GET /api/v1/sessions | sessions | 200 SessionPage | - | status session_type priority:integer tag parent_id:uuid q include_deleted:boolean page:integer page_size:integer | List sessions, newest first
GET /api/v1/sessions/stats | sessions | 200 Object | - | - | Session counts by status and type
GET /api/v1/sessions/{id} | sessions | 200 Session | - | include_deleted:boolean include_checkpoints:boolean include_metrics:boolean | A session
PATCH /api/v1/sessions/{id} | sessions | 200 Session | SessionPatch | - | Change a session (If-Match: version)
DELETE /api/v1/sessions/{id} | sessions | 204 | - | - | Delete a session (soft)
POST /api/v1/sessions/{id}/start | sessions | 200 Session | Object? | - | Start: route to an agent, or queue
POST /api/v1/sessions/{id}/pause | sessions | 200 Session | Object? | - | Pause (agents with the pause feature)
POST /api/v1/sessions/{id}/resume | sessions | 200 Session | Object? | - | Resume a paused session
POST /api/v1/sessions/{id}/cancel | sessions | 200 Session | Object? | - | Cancel
POST /api/v1/sessions/{id}/stop | sessions | 200 Session | Object? | - | Stop
POST /api/v1/sessions/{id}/retry | sessions | 200 Session | Object? | - | Retry from the last checkpoint
POST /api/v1/sessions/{id}/complete | sessions | 200 Session | SessionComplete? | - | Complete with a result
POST /api/v1/sessions/{id}/fail | sessions | 200 Session | SessionFail | - | Fail with an error
POST /api/v1/sessions/{id}/checkpoints | sessions | 201 Checkpoint | CheckpointCreate | - | Take a checkpoint
GET /api/v1/sessions/{id}/checkpoints | sessions | 200 CheckpointList | - | - | The kept checkpoints
POST /api/v1/sessions/{id}/checkpoints/{sequence}/restore | sessions | 200 Session | Object? | - | Resume from a checkpoint
GET /api/v1/sessions/{id}/tree | sessions | 200 Object | - | - | The session and its children, recursively
GET /api/v1/sessions/{id}/events | sessions | 200 EventList | - | after_seq:integer limit:integer | The session's timeline
GET /api/v1/sessions/{id}/permissions | sessions | 200 PermissionList | - | - | Questions the session's agent waits on (OpenCode permissions)
POST /api/v1/sessions/{id}/permissions/{permission_id} | sessions | 204 | PermissionAnswer | - | Answer a question: once, always or reject
POST /api/v1/agents | agents | 201 Agent | AgentCreate | - | Register an internal agent (process or opencode)
GET /api/v1/agents | agents | 200 AgentPage | - | agent_type capability tier status available_only:boolean page:integer page_size:integer | List agents
GET /api/v1/agents/stats | agents | 200 Object | - | - | Agent counts, capacity and load
GET /api/v1/agents/by-capability/{capability} | agents | 200 AgentList | - | - | Agents that hold a capability
POST /api/v1/agents/route | agents | 200 RoutingDecision | RoutingRequest? | - | Which agent would take work (nothing is reserved)
GET /api/v1/agents/{id} | agents | 200 Agent | - | - | An agent
PATCH /api/v1/agents/{id} | agents | 200 Agent | AgentPatch | - | Change an agent, or take it out of service and back
DELETE /api/v1/agents/{id} | agents | 204 | - | - | Deregister an agent
GET /api/v1/agents/{id}/performance | agents | 200 Object | - | - | An agent's performance and tier
POST /api/v1/agents/{id}/performance | agents | 200 Agent | PerformanceReport | - | Report a task's outcome
POST /api/v1/agents/{id}/reset-metrics | agents | 200 Agent | Object? | - | Clear an agent's performance
POST /api/v1/agents/{id}/rotate-token | agents | 200 Object | Object? | - | A new token for an external agent (shown once)
GET /api/v1/agents/{id}/diagnostics | agents | 200 AgentDiagnostics | - | - | A health probe of the agent (round trip), its load and recent tasks
POST /api/v1/agents/external/register | eap | 201 EapRegistered | EapRegistration | - | An external agent registers (EAP 1.x): its token and signing secret, shown once
POST /api/v1/agents/external/{id}/heartbeat | eap | 204 | EapHeartbeat | - | An external agent's heartbeat (X-Agent-Token)
POST /api/v1/agents/external/{id}/tasks/{task_id}/progress | eap | 204 | EapProgress | - | Progress of a dispatched task: log lines and a checkpoint (X-Agent-Token)
POST /api/v1/agents/external/{id}/tasks/{task_id}/result | eap | 204 | EapResult | - | The result of a dispatched task, once (X-Agent-Token)
POST /api/v1/tasks | tasks | 201 Task | TaskCreate | - | Create a task
GET /api/v1/tasks | tasks | 200 TaskPage | - | session_id:uuid status parent_task_id:uuid page:integer page_size:integer | List tasks
GET /api/v1/tasks/stats | tasks | 200 Object | - | session_id:uuid | Task counts and estimated hours
GET /api/v1/tasks/{id} | tasks | 200 Task | - | - | A task
PATCH /api/v1/tasks/{id} | tasks | 200 Task | TaskPatch | - | Change a task
DELETE /api/v1/tasks/{id} | tasks | 204 | - | - | Delete a task, its subtasks and the dependencies on them
POST /api/v1/tasks/{id}/status | tasks | 200 Task | TaskStatusChange | - | Move a task to a status
POST /api/v1/tasks/{id}/assign | tasks | 200 Task | TaskAssign | - | Assign a task to an agent
POST /api/v1/tasks/{id}/start | tasks | 200 Task | Object? | - | Start a task
POST /api/v1/tasks/{id}/complete | tasks | 200 Task | Object? | - | Complete a task
POST /api/v1/tasks/{id}/fail | tasks | 200 Task | TaskFail | - | Fail a task
POST /api/v1/tasks/{id}/decompose | tasks | 200 Object | Object? | - | Decompose into subtasks by rules
GET /api/v1/tasks/{id}/subtasks | tasks | 200 TaskList | - | recursive:boolean | Subtasks
GET /api/v1/tasks/{id}/tree | tasks | 200 Object | - | - | The task and its subtasks, recursively
POST /api/v1/tasks/{id}/dependencies | tasks | 201 Task | DependencyCreate | - | Add a dependency
DELETE /api/v1/tasks/{id}/dependencies/{dep_id} | tasks | 204 | - | - | Remove a dependency
GET /api/v1/tasks/{id}/dependencies/graph | tasks | 200 Object | - | - | Dependency graph, execution order and critical path
POST /api/v1/contexts | contexts | 201 Context | ContextCreate | - | Create a context
GET /api/v1/contexts/global | contexts | 200 ContextPage | - | page:integer page_size:integer | Global contexts
POST /api/v1/contexts/merge | contexts | 200 Object | ContextMerge | - | Merge contexts into a new one
GET /api/v1/contexts/session/{sid} | contexts | 200 ContextPage | - | page:integer page_size:integer | A session's contexts
GET /api/v1/contexts/session/{sid}/summary | contexts | 200 Object | - | - | Summary of a session's contexts
GET /api/v1/contexts/agent/{aid} | contexts | 200 ContextPage | - | page:integer page_size:integer | An agent's contexts
GET /api/v1/contexts/{id} | contexts | 200 Context | - | - | A context
PATCH /api/v1/contexts/{id} | contexts | 200 Context | ContextPatch | - | Write keys (optimistic, per key)
DELETE /api/v1/contexts/{id} | contexts | 204 | - | - | Delete a context
GET /api/v1/contexts/{id}/keys/{key} | contexts | 200 Object | - | - | One key (dot notation)
PUT /api/v1/contexts/{id}/keys/{key} | contexts | 200 Context | ContextValue | - | Set one key
DELETE /api/v1/contexts/{id}/keys/{key} | contexts | 204 | - | - | Remove one key
POST /api/v1/contexts/{id}/promote-to-global | contexts | 200 Context | Object? | - | Promote to global
POST /api/v1/contexts/{id}/share | contexts | 200 Context | ContextShare | - | Share with another session
GET /api/v1/contexts/{id}/diff/{other_id} | contexts | 200 Object | - | - | Differences between two contexts
GET /api/v1/contexts/{id}/history | contexts | 200 Object | - | limit:integer | Changes, newest first
)";

// The shared shapes, as JSON (components.schemas).
const char *const Schemas = R"({
  "Error": {"type": "object", "required": ["error", "message", "request_id"], "properties": {
    "error": {"type": "string", "example": "VALIDATION_ERROR"}, "message": {"type": "string"},
    "details": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
    "request_id": {"type": "string"}}},
  "Object": {"type": "object", "additionalProperties": true},
  "Status": {"type": "object", "properties": {"status": {"type": "string"}}},
  "Health": {"type": "object", "properties": {"status": {"type": "string", "enum": ["ok", "degraded", "down"]},
    "version": {"type": "string"}, "ready": {"type": "boolean"}, "components": {"type": "object", "additionalProperties": true}}},
  "Event": {"type": "object", "required": ["seq", "type", "payload", "timestamp"], "properties": {
    "seq": {"type": "integer", "format": "int64"}, "type": {"type": "string", "example": "session.status_changed"},
    "payload": {"type": "object", "additionalProperties": true}, "timestamp": {"type": "string", "format": "date-time"}}},
  "EventList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
    "next_after_seq": {"type": "integer", "format": "int64"}}},
  "LockList": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
    "total": {"type": "integer"}, "waiting": {"type": "integer"}}},
  "Session": {"type": "object", "required": ["id", "title", "status", "version"], "properties": {
    "id": {"type": "string", "format": "uuid"}, "title": {"type": "string"}, "description": {"type": "string"},
    "session_type": {"type": "string", "enum": ["planning", "execution", "review", "debugging", "integration"]},
    "priority": {"type": "integer", "minimum": 0, "maximum": 4},
    "status": {"type": "string", "enum": ["pending", "queued", "running", "paused", "completed", "partially_completed", "failed", "timeout", "stopped", "cancelled", "orphaned", "degraded"]},
    "status_updated_at": {"type": "string", "format": "date-time"}, "parent_id": {"type": "string", "format": "uuid", "nullable": true},
    "child_ids": {"type": "array", "items": {"type": "string", "format": "uuid"}}, "agent_config": {"type": "object", "additionalProperties": true},
    "model_identifier": {"type": "string", "nullable": true}, "initial_prompt": {"type": "string"},
    "max_duration_seconds": {"type": "integer"}, "max_retries": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}},
    "metadata": {"type": "object", "additionalProperties": true}, "version": {"type": "integer"},
    "assigned_agent_id": {"type": "string", "format": "uuid", "nullable": true}, "health_score": {"type": "number"},
    "is_recoverable": {"type": "boolean"}, "resume_from": {"type": "integer", "nullable": true},
    "metrics": {"type": "object", "additionalProperties": true},
    "checkpoints": {"type": "array", "items": {"$ref": "#/components/schemas/Checkpoint"}},
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}},
  "SessionCreate": {"type": "object", "required": ["title", "initial_prompt"], "properties": {
    "title": {"type": "string", "maxLength": 200}, "initial_prompt": {"type": "string"}, "description": {"type": "string"},
    "session_type": {"type": "string"}, "priority": {"type": "integer", "minimum": 0, "maximum": 4},
    "agent_config": {"type": "object", "additionalProperties": true}, "model_identifier": {"type": "string"},
    "max_duration_seconds": {"type": "integer"}, "max_retries": {"type": "integer"}, "parent_session_id": {"type": "string", "format": "uuid"},
    "created_by": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
    "metadata": {"type": "object", "additionalProperties": true}, "auto_start": {"type": "boolean"}}},
  "SessionPatch": {"type": "object", "additionalProperties": true},
  "SessionComplete": {"type": "object", "properties": {"result": {"type": "object", "additionalProperties": true},
    "status": {"type": "string", "enum": ["completed", "partially_completed"]}, "success_rate": {"type": "number"},
    "confidence_score": {"type": "number"}, "code_quality_score": {"type": "number"}}},
  "SessionFail": {"type": "object", "required": ["error_message"], "properties": {"error_message": {"type": "string"},
    "error_code": {"type": "string"}, "error_context": {"type": "object", "additionalProperties": true}, "retryable": {"type": "boolean"}}},
  "SessionPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
    "total": {"type": "integer"}, "page": {"type": "integer"}, "page_size": {"type": "integer"}, "total_pages": {"type": "integer"}}},
  "Checkpoint": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "session_id": {"type": "string", "format": "uuid"},
    "sequence": {"type": "integer"}, "data": {"type": "object", "additionalProperties": true},
    "metadata": {"type": "object", "additionalProperties": true}, "created_at": {"type": "string", "format": "date-time"}}},
  "CheckpointCreate": {"type": "object", "required": ["data"], "properties": {"data": {"type": "object", "additionalProperties": true},
    "metadata": {"type": "object", "additionalProperties": true}}},
  "CheckpointList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Checkpoint"}},
    "total": {"type": "integer"}}},
  "Permission": {"type": "object", "required": ["id", "permission"], "properties": {"id": {"type": "string"},
    "permission": {"type": "string"}, "patterns": {"type": "array", "items": {"type": "string"}},
    "metadata": {"type": "object", "additionalProperties": true}, "asked_at": {"type": "string", "format": "date-time"}}},
  "PermissionList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Permission"}},
    "total": {"type": "integer"}}},
  "PermissionAnswer": {"type": "object", "required": ["reply"], "properties": {"reply": {"type": "string", "enum": ["once", "always", "reject"]}}},
  "Agent": {"type": "object", "required": ["id", "name", "kind", "status"], "properties": {
    "id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}, "kind": {"type": "string", "enum": ["external", "opencode", "process"]},
    "agent_type": {"type": "string"}, "capabilities": {"type": "array", "items": {"type": "string"}}, "version": {"type": "string"},
    "endpoint_url": {"type": "string", "nullable": true}, "features": {"type": "array", "items": {"type": "string"}},
    "status": {"type": "string", "enum": ["online", "busy", "degraded", "offline", "maintenance"]},
    "performance_tier": {"type": "string", "enum": ["elite", "advanced", "competent", "trainee", "degraded"]},
    "load_level": {"type": "string"}, "current_tasks": {"type": "integer"}, "max_concurrent_tasks": {"type": "integer"},
    "is_available": {"type": "boolean"}, "last_heartbeat_at": {"type": "string", "format": "date-time", "nullable": true},
    "registered_at": {"type": "string", "format": "date-time"}, "performance": {"type": "object", "additionalProperties": true},
    "metadata": {"type": "object", "additionalProperties": true}, "config": {"type": "object", "additionalProperties": true}}},
  "AgentCreate": {"type": "object", "required": ["name", "kind"], "properties": {"name": {"type": "string"},
    "kind": {"type": "string", "enum": ["process", "opencode"]}, "agent_type": {"type": "string"},
    "capabilities": {"type": "array", "items": {"type": "string"}}, "max_concurrent_tasks": {"type": "integer", "minimum": 1, "maximum": 50},
    "features": {"type": "array", "items": {"type": "string"}}, "config": {"type": "object", "additionalProperties": true},
    "metadata": {"type": "object", "additionalProperties": true}}},
  "AgentPatch": {"type": "object", "properties": {"agent_type": {"type": "string"}, "capabilities": {"type": "array", "items": {"type": "string"}},
    "max_concurrent_tasks": {"type": "integer"}, "status": {"type": "string", "enum": ["online", "maintenance"]},
    "features": {"type": "array", "items": {"type": "string"}}, "preferred_technologies": {"type": "array", "items": {"type": "string"}},
    "metadata": {"type": "object", "additionalProperties": true}, "config": {"type": "object", "additionalProperties": true}}},
  "AgentPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Agent"}},
    "total": {"type": "integer"}, "page": {"type": "integer"}, "page_size": {"type": "integer"}, "total_pages": {"type": "integer"}}},
  "AgentList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Agent"}}, "total": {"type": "integer"}}},
  "RoutingRequest": {"type": "object", "properties": {"required_capabilities": {"type": "array", "items": {"type": "string"}},
    "match_all": {"type": "boolean"}, "min_performance_tier": {"type": "string"},
    "preferred_agent_ids": {"type": "array", "items": {"type": "string", "format": "uuid"}}, "preferred_agent_type": {"type": "string"}}},
  "RoutingDecision": {"type": "object", "properties": {"selected_agent": {"$ref": "#/components/schemas/Agent"},
    "routing_score": {"type": "number"}, "alternatives": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
    "routing_reason": {"type": "string"}}},
  "PerformanceReport": {"type": "object", "required": ["task_success"], "properties": {"task_success": {"type": "boolean"},
    "partial_success": {"type": "boolean"}, "quality_score": {"type": "number", "minimum": 0, "maximum": 1},
    "execution_time_seconds": {"type": "number"}, "tokens_used": {"type": "integer"}, "cost_usd": {"type": "number"}}},
  "Task": {"type": "object", "required": ["id", "title", "status"], "properties": {
    "id": {"type": "string", "format": "uuid"}, "session_id": {"type": "string", "format": "uuid", "nullable": true},
    "parent_task_id": {"type": "string", "format": "uuid", "nullable": true}, "title": {"type": "string"}, "description": {"type": "string"},
    "task_type": {"type": "string"},
    "status": {"type": "string", "enum": ["pending", "ready", "assigned", "in_progress", "blocked", "paused", "completed", "failed", "cancelled", "skipped"]},
    "priority": {"type": "string", "enum": ["blocker", "critical", "high", "normal", "low", "background"]},
    "assigned_agent_id": {"type": "string", "format": "uuid", "nullable": true},
    "required_capabilities": {"type": "array", "items": {"type": "string"}}, "estimate": {"type": "object", "nullable": true, "additionalProperties": true},
    "dependencies": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
    "is_leaf": {"type": "boolean"}, "is_root": {"type": "boolean"}, "can_start": {"type": "boolean"}, "is_blocked": {"type": "boolean"},
    "progress_percentage": {"type": "number"}, "version": {"type": "integer"}}},
  "TaskCreate": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}, "description": {"type": "string"},
    "session_id": {"type": "string", "format": "uuid"}, "parent_task_id": {"type": "string", "format": "uuid"}, "task_type": {"type": "string"},
    "priority": {"type": "string"}, "required_capabilities": {"type": "array", "items": {"type": "string"}},
    "estimate": {"type": "object", "properties": {"optimistic_hours": {"type": "number"}, "likely_hours": {"type": "number"},
      "pessimistic_hours": {"type": "number"}, "confidence": {"type": "number"}}},
    "estimated_hours": {"type": "number"}, "tags": {"type": "array", "items": {"type": "string"}},
    "metadata": {"type": "object", "additionalProperties": true}}},
  "TaskPatch": {"type": "object", "additionalProperties": true},
  "TaskStatusChange": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"},
    "result": {"type": "object", "additionalProperties": true}, "error_message": {"type": "string"}}},
  "TaskAssign": {"type": "object", "required": ["agent_id"], "properties": {"agent_id": {"type": "string", "format": "uuid"}}},
  "TaskFail": {"type": "object", "required": ["error_message"], "properties": {"error_message": {"type": "string"}}},
  "TaskPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}},
    "total": {"type": "integer"}, "page": {"type": "integer"}, "page_size": {"type": "integer"}, "total_pages": {"type": "integer"}}},
  "TaskList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}}, "total": {"type": "integer"}}},
  "DependencyCreate": {"type": "object", "required": ["depends_on_task_id"], "properties": {
    "depends_on_task_id": {"type": "string", "format": "uuid"},
    "dependency_type": {"type": "string", "enum": ["finish_to_start", "start_to_start", "finish_to_finish", "start_to_finish"]},
    "is_required": {"type": "boolean"}, "description": {"type": "string"}}},
  "Context": {"type": "object", "required": ["id", "scope", "data", "version"], "properties": {
    "id": {"type": "string", "format": "uuid"}, "scope": {"type": "string", "enum": ["temporary", "session", "agent", "global"]},
    "session_id": {"type": "string", "format": "uuid", "nullable": true}, "agent_id": {"type": "string", "format": "uuid", "nullable": true},
    "data": {"type": "object", "additionalProperties": true}, "version": {"type": "integer"}, "created_by": {"type": "string"},
    "metadata": {"type": "object", "additionalProperties": true}, "created_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"}, "expires_at": {"type": "string", "format": "date-time", "nullable": true}}},
  "ContextCreate": {"type": "object", "required": ["scope"], "properties": {"scope": {"type": "string"},
    "session_id": {"type": "string", "format": "uuid"}, "agent_id": {"type": "string", "format": "uuid"},
    "data": {"type": "object", "additionalProperties": true}, "metadata": {"type": "object", "additionalProperties": true},
    "created_by": {"type": "string"}}},
  "ContextPatch": {"type": "object", "required": ["updates"], "properties": {"updates": {"type": "object", "additionalProperties": true},
    "expected_version": {"type": "integer"}, "changed_by": {"type": "string"}}},
  "ContextValue": {"type": "object", "required": ["value"], "properties": {"value": {}, "changed_by": {"type": "string"}}},
  "ContextShare": {"type": "object", "required": ["target_session_id", "mode"], "properties": {
    "target_session_id": {"type": "string", "format": "uuid"}, "mode": {"type": "string", "enum": ["clone", "merge"]}}},
  "ContextMerge": {"type": "object", "required": ["context_ids", "strategy"], "properties": {
    "context_ids": {"type": "array", "items": {"type": "string", "format": "uuid"}}, "strategy": {"type": "string"}}},
  "EapRegistration": {"type": "object", "required": ["protocol_version", "name", "endpoint_url"], "properties": {
    "protocol_version": {"type": "string", "example": "1.0"}, "name": {"type": "string"}, "version": {"type": "string"},
    "agent_type": {"type": "string"}, "capabilities": {"type": "array", "items": {"type": "string"}},
    "endpoint_url": {"type": "string", "format": "uri"}, "max_concurrent_tasks": {"type": "integer", "minimum": 1, "maximum": 50},
    "features": {"type": "array", "items": {"type": "string"}}, "metadata": {"type": "object", "additionalProperties": true}}},
  "EapRegistered": {"type": "object", "properties": {"agent_id": {"type": "string", "format": "uuid"},
    "status": {"type": "string", "enum": ["registered"]}, "auth_token": {"type": "string"}, "dispatch_secret": {"type": "string"},
    "heartbeat_interval_seconds": {"type": "integer"}}},
  "EapHeartbeat": {"type": "object", "required": ["status"], "properties": {
    "status": {"type": "string", "enum": ["healthy", "degraded", "busy", "offline"]}, "current_load": {"type": "number", "minimum": 0, "maximum": 1},
    "tasks_in_progress": {"type": "integer", "minimum": 0}, "metrics": {"type": "object", "additionalProperties": true},
    "timestamp": {"type": "string", "format": "date-time"}}},
  "EapProgress": {"type": "object", "required": ["progress"], "properties": {
    "progress": {"type": "number", "minimum": 0, "maximum": 1}, "message": {"type": "string"},
    "log": {"type": "array", "items": {"type": "string"}},
    "checkpoint": {"type": "object", "nullable": true, "additionalProperties": true}}},
  "EapResult": {"type": "object", "required": ["status"], "properties": {
    "task_id": {"type": "string", "format": "uuid"},
    "status": {"type": "string", "enum": ["completed", "partially_completed", "failed"]},
    "artifacts": {"type": "array", "items": {"type": "object", "required": ["path"], "properties": {
      "path": {"type": "string"}, "content": {"type": "string"}, "mime_type": {"type": "string"}}}},
    "output_data": {"type": "object", "additionalProperties": true}, "error_message": {"type": "string"},
    "execution_time_ms": {"type": "integer", "minimum": 0}, "tokens_used": {"type": "integer", "minimum": 0},
    "cost_usd": {"type": "number", "minimum": 0}, "quality_score": {"type": "number", "minimum": 0, "maximum": 1}}},
  "AgentDiagnostics": {"type": "object", "properties": {"agent_id": {"type": "string", "format": "uuid"},
    "status": {"type": "string"},
    "health_probe": {"type": "object", "properties": {"ok": {"type": "boolean"}, "round_trip_ms": {"type": "number"},
      "checked_at": {"type": "string", "format": "date-time"}, "error": {"type": "string"},
      "details": {"type": "object", "additionalProperties": true}}},
    "recent_tasks": {"type": "array", "items": {"type": "object", "properties": {
      "task_id": {"type": "string", "format": "uuid"}, "session_id": {"type": "string", "format": "uuid"},
      "agent_id": {"type": "string", "format": "uuid"}, "status": {"type": "string"}, "progress": {"type": "number"},
      "dispatched_at": {"type": "string", "format": "date-time"},
      "finished_at": {"type": "string", "format": "date-time", "nullable": true}}}},
    "load": {"type": "object", "properties": {"current_tasks": {"type": "integer"}, "max_concurrent_tasks": {"type": "integer"},
      "load_level": {"type": "string"}, "reported_load": {"type": "number"}}},
    "performance": {"type": "object", "additionalProperties": true}}},
  "ContextPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Context"}},
    "total": {"type": "integer"}, "page": {"type": "integer"}, "page_size": {"type": "integer"}, "total_pages": {"type": "integer"}}}
})";

struct Operation
{
    QByteArray method;
    QString path;
    QString tag;
    int status = 200;
    QString response; // schema name, "text", or empty
    QString body;     // schema name or empty
    bool bodyOptional = false;
    QStringList query; // name[:type]
    QString summary;
};

const QList<Operation> &operations()
{
    static const QList<Operation> list = [] {
        QList<Operation> out;
        for (const QString &line : QString::fromUtf8(Operations).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QStringList fields = line.split(QLatin1Char('|'));
            Q_ASSERT(fields.size() == 6);
            Operation op;
            const QStringList route = fields[0].trimmed().split(QLatin1Char(' '));
            op.method = route[0].toLatin1();
            op.path = route[1];
            op.tag = fields[1].trimmed();
            const QStringList response = fields[2].trimmed().split(QLatin1Char(' '));
            op.status = response[0].toInt();
            op.response = response.value(1);
            QString body = fields[3].trimmed();
            if (body.endsWith(QLatin1Char('?'))) {
                op.bodyOptional = true;
                body.chop(1);
            }
            op.body = body == u"-"_s ? QString() : body;
            const QString query = fields[4].trimmed();
            op.query = query == u"-"_s ? QStringList() : query.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            op.summary = fields[5].trimmed();
            out.append(op);
        }
        return out;
    }();
    return list;
}

QJsonObject ref(const QString &schema)
{
    return {{u"$ref"_s, QString(u"#/components/schemas/"_s + schema)}};
}

QJsonObject typed(const QString &type)
{
    if (type == u"uuid"_s)
        return {{u"type"_s, u"string"_s}, {u"format"_s, u"uuid"_s}};
    return {{u"type"_s, type}};
}

QJsonObject parameter(const QString &name, const QString &in, const QString &type, bool required)
{
    return {{u"name"_s, name}, {u"in"_s, in}, {u"required"_s, required}, {u"schema"_s, typed(type)}};
}

QString pathParameterType(const QString &name)
{
    static const QStringList ids{u"id"_s, u"sid"_s, u"aid"_s, u"other_id"_s, u"dep_id"_s};
    if (ids.contains(name))
        return u"uuid"_s;
    return name == u"sequence"_s ? u"integer"_s : u"string"_s;
}

bool isOpen(const QString &path)
{
    return path.startsWith(u"/health"_s) || path == u"/metrics"_s;
}

QJsonObject operationJson(const Operation &op)
{
    QJsonArray parameters;
    static const QRegularExpression placeholder(u"\\{([a-z_]+)\\}"_s);
    for (auto it = placeholder.globalMatch(op.path); it.hasNext();) {
        const QString name = it.next().captured(1);
        parameters.append(parameter(name, u"path"_s, pathParameterType(name), true));
    }
    for (const QString &query : op.query) {
        const QString name = query.section(QLatin1Char(':'), 0, 0);
        const QString type = query.contains(QLatin1Char(':')) ? query.section(QLatin1Char(':'), 1) : u"string"_s;
        parameters.append(parameter(name, u"query"_s, type, false));
    }
    if (op.method == "PATCH" && op.path == u"/api/v1/sessions/{id}"_s)
        parameters.append(parameter(u"If-Match"_s, u"header"_s, u"string"_s, false));

    QJsonObject success{{u"description"_s, op.summary}};
    if (op.response == u"text"_s) {
        success.insert(u"content"_s, QJsonObject{{u"text/plain"_s,
                                                  QJsonObject{{u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}}}}});
    } else if (!op.response.isEmpty()) {
        success.insert(u"content"_s,
                       QJsonObject{{u"application/json"_s, QJsonObject{{u"schema"_s, ref(op.response)}}}});
    }
    const QJsonObject error{
        {u"description"_s, u"The error envelope: BAD_REQUEST, NOT_FOUND, VALIDATION_ERROR, CONFLICT, UNAVAILABLE, …"_s},
        {u"content"_s, QJsonObject{{u"application/json"_s, QJsonObject{{u"schema"_s, ref(u"Error"_s)}}}}}};
    QJsonObject responses{{QString::number(op.status), success}, {u"default"_s, error}};
    if (!isOpen(op.path)) {
        responses.insert(u"401"_s, QJsonObject{{u"description"_s, u"Missing or wrong API token"_s},
                                               {u"content"_s, error.value(u"content"_s)}});
    }

    QString operationId = QString::fromLatin1(op.method).toLower() + op.path;
    operationId.replace(QRegularExpression(u"[^A-Za-z0-9]+"_s), u"_"_s);
    if (operationId.endsWith(QLatin1Char('_')))
        operationId.chop(1);
    QJsonObject object{{u"operationId"_s, operationId},
                       {u"summary"_s, op.summary},
                       {u"tags"_s, QJsonArray{op.tag}},
                       {u"responses"_s, responses}};
    if (!parameters.isEmpty())
        object.insert(u"parameters"_s, parameters);
    if (!op.body.isEmpty()) {
        object.insert(u"requestBody"_s,
                      QJsonObject{{u"required"_s, !op.bodyOptional},
                                  {u"content"_s,
                                   QJsonObject{{u"application/json"_s, QJsonObject{{u"schema"_s, ref(op.body)}}}}}});
    }
    if (isOpen(op.path))
        object.insert(u"security"_s, QJsonArray());
    else if (op.path.startsWith(u"/api/v1/agents/external/{id}/"_s)) // the agent's own token
        object.insert(u"security"_s, QJsonArray{QJsonObject{{u"agentToken"_s, QJsonArray()}}});
    return object;
}

} // namespace

QList<std::pair<QByteArray, QString>> documentedOperations()
{
    QList<std::pair<QByteArray, QString>> list;
    for (const Operation &op : operations())
        list.append({op.method, op.path});
    return list;
}

QJsonObject openApiDocument(const QString &version)
{
    QJsonObject paths;
    for (const Operation &op : operations()) {
        QJsonObject item = paths.value(op.path).toObject();
        item.insert(QString::fromLatin1(op.method).toLower(), operationJson(op));
        paths.insert(op.path, item);
    }
    const QJsonObject schemas = QJsonDocument::fromJson(Schemas).object();
    Q_ASSERT(!schemas.isEmpty());
    const QJsonArray tags{
        QJsonObject{{u"name"_s, u"sessions"_s},
                    {u"description"_s, u"Coding sessions, their actions and checkpoints"_s}},
        QJsonObject{{u"name"_s, u"agents"_s}, {u"description"_s, u"The agent registry and routing"_s}},
        QJsonObject{{u"name"_s, u"tasks"_s}, {u"description"_s, u"Tasks, decomposition and dependencies"_s}},
        QJsonObject{{u"name"_s, u"contexts"_s}, {u"description"_s, u"Shared, versioned key/value knowledge"_s}},
        QJsonObject{{u"name"_s, u"events"_s}, {u"description"_s, u"The event log"_s}},
        QJsonObject{{u"name"_s, u"eap"_s}, {u"description"_s, u"The External Agent Protocol, agent-facing side"_s}},
        QJsonObject{{u"name"_s, u"system"_s}, {u"description"_s, u"Health, metrics, locks and this document"_s}},
    };
    return QJsonObject{
        {u"openapi"_s, u"3.0.3"_s},
        {u"info"_s,
         QJsonObject{
             {u"title"_s, u"Industrial Orchestrator API"_s},
             {u"version"_s, version},
             {u"description"_s,
              u"Runs, routes, watches and recovers autonomous coding sessions. Every /api/v1 endpoint needs "
              "Authorization: Bearer <token> (orchestrator-headless --show-token). Live events: WebSocket on "
              "the same port at /ws/sessions, /ws/sessions/{id}, /ws/agents, /ws/agents/{id}, /ws/tasks/{id} and "
              "/ws/system."_s}}},
        {u"servers"_s,
         QJsonArray{QJsonObject{{u"url"_s, u"http://127.0.0.1:8420"_s}, {u"description"_s, u"The default address"_s}}}},
        {u"security"_s, QJsonArray{QJsonObject{{u"bearer"_s, QJsonArray()}}}},
        {u"tags"_s, tags},
        {u"paths"_s, paths},
        {u"components"_s,
         QJsonObject{{u"schemas"_s, schemas},
                     {u"securitySchemes"_s,
                      QJsonObject{{u"bearer"_s, QJsonObject{{u"type"_s, u"http"_s}, {u"scheme"_s, u"bearer"_s}}},
                                  {u"agentToken"_s, QJsonObject{{u"type"_s, u"apiKey"_s},
                                                                {u"in"_s, u"header"_s},
                                                                {u"name"_s, u"X-Agent-Token"_s}}}}}}}};
}

OpenApiController::OpenApiController(QString version)
    : m_document(QJsonDocument(openApiDocument(version)).toJson(QJsonDocument::Compact))
{}

void OpenApiController::addRoutes(Router &router)
{
    router.add("GET", u"/api/v1/openapi.json"_s, [this](HttpRequest) -> QCoro::Task<HttpResponse> {
        co_return HttpResponse::text(200, m_document, "application/json");
    });
}

} // namespace Orc::Api
