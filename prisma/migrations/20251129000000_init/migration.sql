-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'CLINICIAN',
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "last_login_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" DATETIME NOT NULL,
    "absolute_expires_at" DATETIME NOT NULL,
    "last_seen_at" DATETIME NOT NULL,
    "ip" TEXT,
    "user_agent" TEXT,
    CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "patients" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "birth_date" DATETIME NOT NULL,
    "gestational_age_weeks" REAL NOT NULL,
    "owner_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "patients_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "analyses" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "patient_id" TEXT NOT NULL,
    "requested_by_id" TEXT,
    "video_fingerprint" TEXT NOT NULL,
    "age_weeks" REAL NOT NULL,
    "gestational_age_weeks" REAL,
    "params_hash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "stage" TEXT,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "model_version" TEXT,
    "report" JSONB,
    "window_errors" BLOB,
    "findings" JSONB,
    "timings" JSONB,
    "error_code" TEXT,
    "error_message" TEXT,
    "job_id" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    "started_at" DATETIME,
    "finished_at" DATETIME,
    CONSTRAINT "analyses_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "analyses_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "analysis_archive" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "patient_id" TEXT NOT NULL,
    "requested_by_id" TEXT,
    "video_fingerprint" TEXT NOT NULL,
    "age_weeks" REAL NOT NULL,
    "gestational_age_weeks" REAL,
    "params_hash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "model_version" TEXT,
    "error_code" TEXT,
    "created_at" DATETIME NOT NULL,
    "started_at" DATETIME,
    "finished_at" DATETIME,
    "archived_at" DATETIME NOT NULL,
    "payload" BLOB NOT NULL,
    CONSTRAINT "analysis_archive_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "analysis_archive_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "maintenance_runs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "started_at" DATETIME NOT NULL,
    "finished_at" DATETIME,
    "rows_affected" INTEGER NOT NULL DEFAULT 0,
    "batches" INTEGER NOT NULL DEFAULT 0,
    "duration_ms" REAL,
    "vacuumed" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "details" JSONB,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "idx_email" ON "users"("email");

-- CreateIndex
CREATE INDEX "idx_is_active" ON "users"("is_active");

-- CreateIndex
CREATE INDEX "idx_users_role_active" ON "users"("role", "is_active");

-- CreateIndex
CREATE UNIQUE INDEX "idx_sessions_token_hash" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "idx_expires_at" ON "sessions"("expires_at");

-- CreateIndex
CREATE INDEX "idx_sessions_user_expires" ON "sessions"("user_id", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "idx_patients_code" ON "patients"("code");

-- CreateIndex
CREATE INDEX "idx_patients_owner_created" ON "patients"("owner_id", "created_at");

-- CreateIndex
CREATE INDEX "idx_analyses_patient_created" ON "analyses"("patient_id", "created_at");

-- CreateIndex
CREATE INDEX "idx_analyses_status_created" ON "analyses"("status", "created_at");

-- CreateIndex
CREATE INDEX "idx_analyses_requester_created" ON "analyses"("requested_by_id", "created_at");

-- CreateIndex
CREATE INDEX "idx_analyses_fingerprint_params" ON "analyses"("video_fingerprint", "params_hash");

-- CreateIndex
CREATE INDEX "idx_analyses_finished_at" ON "analyses"("finished_at");

-- CreateIndex
CREATE INDEX "idx_analysis_archive_patient_created" ON "analysis_archive"("patient_id", "created_at");

-- CreateIndex
CREATE INDEX "idx_maintenance_runs_kind_started" ON "maintenance_runs"("kind", "started_at");

-- CreateIndex
CREATE INDEX "idx_audit_events_target" ON "audit_events"("target_type", "target_id", "created_at");

-- CreateIndex
CREATE INDEX "idx_audit_events_actor" ON "audit_events"("actor_id", "created_at");

-- CreateIndex
CREATE INDEX "idx_audit_events_created" ON "audit_events"("created_at");

