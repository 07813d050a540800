import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DriverAdapterChangedError, withImmediateTransactions } from "../../src";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const betterSqlite3 = createRequire(import.meta.url).resolve("better-sqlite3");

describe("transactions begin immediately", () => {
  let db: TempDatabase;
  let userId: string;
  beforeEach(async () => {
    db = await createTempDatabase();
    userId = (await db.prisma.user.create({ data: { email: "a@example.org", displayName: "A", passwordHash: "x" } })).id;
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("holds the write lock from the transaction's first read, so another connection cannot commit under it", async () => {
    const other = new Database(db.file, { timeout: 0 });
    try {
      await db.prisma.$transaction(async (tx) => {
        await tx.user.findUniqueOrThrow({ where: { id: userId } });
        // A deferred transaction would let this commit, and its own update below would then fail
        // with SQLITE_BUSY_SNAPSHOT.
        expect(() => other.prepare("UPDATE users SET display_name = 'other' WHERE id = ?").run(userId)).toThrow(/locked/);
        await tx.user.update({ where: { id: userId }, data: { displayName: "transaction" } });
      });
      expect((await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).displayName).toBe("transaction");
      other.prepare("UPDATE users SET display_name = 'other' WHERE id = ?").run(userId);
      expect((await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).displayName).toBe("other");
    } finally {
      other.close();
    }
  });

  it("lets a read-then-write transaction finish while another process writes the same row, which waits for it", async () => {
    // The review-versus-archiving race: the worker process writes between the API's read and its write.
    const script = `
      const Database = require(${JSON.stringify(betterSqlite3)});
      const db = new Database(${JSON.stringify(db.file)}, { timeout: 10000 });
      console.log("writing");
      db.prepare("UPDATE users SET display_name = 'worker' WHERE id = ?").run(${JSON.stringify(userId)});
      console.log("written");
      db.close();`;
    let child: ReturnType<typeof spawn> | undefined;
    let childOutput = "";
    await db.prisma.$transaction(
      async (tx) => {
        await tx.user.findUniqueOrThrow({ where: { id: userId } });
        child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
        child.stdout!.on("data", (chunk: Buffer) => (childOutput += chunk.toString()));
        while (!childOutput.includes("writing")) await sleep(10);
        await sleep(300);
        expect(childOutput).not.toContain("written");
        await tx.user.update({ where: { id: userId }, data: { displayName: "api" } });
      },
      { timeout: 20_000 },
    );
    const [code] = (await once(child!, "exit")) as [number];
    expect(code).toBe(0);
    expect(childOutput).toContain("written");
    // The worker's write came after the transaction's, not under it.
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).displayName).toBe("worker");
  }, 30_000);

  it("refuses an adapter whose connection it cannot find instead of falling back to deferred transactions", async () => {
    const adapter = { provider: "sqlite", adapterName: "changed", connect: async () => ({}), connectToShadowDb: async () => ({}) };
    const wrapped = withImmediateTransactions(adapter as never);
    await expect(wrapped.connect()).rejects.toBeInstanceOf(DriverAdapterChangedError);
    await expect(wrapped.connect()).rejects.toMatchObject({ code: "DRIVER_ADAPTER_CHANGED" });
  });
});
