// The names docs/*.md and README.md code blocks use without defining them: what a reader's own
// application or runtime has (a request, a raw body, a database, Bun's and Deno's globals).
// scripts/check-docs-types.mjs compiles every block with these in scope, so that each block is checked
// for what it shows: this package's API.
import type { Hono } from 'hono';
import type { AdvertizerScenario, AdvertizerSessionDecision, AdvertizerSessionRequest, ServerStatusNotification } from 'wmspanel-notifications';

declare global {
  var token: string;
  var rawBody: string;
  var body: string;
  var url: string;
  var request: Request;
  var response: { json(value: unknown): void };
  function respond(status: number, body: string): void;
  var viewerIp: string;
  var user: { id: string };
  var app: Hono;
  function onNotification(notification: ServerStatusNotification): void;
  function recordOutage(server: string): Promise<void>;
  function hasPaid(id: string): boolean;
  function overQuota(id: string, delta: number): boolean;
  function mayPlay(request: unknown): boolean;
  var allowed: Set<string>;
  var allowedPublishers: Set<string>;
  var billing: { charge(id: string, delta: number): Promise<number> };
  var publishers: { mayPublish(id: string, app: string, name: string): Promise<boolean> };
  var subscriptions: { covers(url: string, referer: string | undefined): Promise<boolean> };
  function alertOnCall(message: string): Promise<void>;
  // docs/advertizer.md: the scenario and the session callback its first block defines, used by the next ones.
  var scenario: AdvertizerScenario;
  function onAdvertizerSessions(request: AdvertizerSessionRequest): AdvertizerSessionDecision;
  // The parts of Bun's and Deno's globals the docs use (their type packages are not installed here).
  var Bun: {
    env: Record<string, string | undefined>;
    serve(options: { port?: number; fetch(request: Request, server: unknown): Response | Promise<Response> }): unknown;
  };
  var Deno: {
    env: { get(name: string): string | undefined };
    serve(options: { port?: number }, handler: (request: Request) => Response | Promise<Response>): unknown;
  };
}
