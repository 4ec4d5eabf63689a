// A stock automerge-repo client against the Rounds server: log in, open an account document
// written by a Rust client, check what it holds, add a contact, and prove the server has it
// by reading it back through a second, empty repo. Last, a clean disconnect: the stock
// adapter says `leave` (as automerge-repo clients do) and the server closes normally.
// Usage: node interop.mjs <base-url> <username> <password> <document-id> <visit-id>
import { Repo, cbor } from "@automerge/automerge-repo"
import * as A from "@automerge/automerge"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"

const [base, username, password, documentId, visitId] = process.argv.slice(2)

function fail(message) {
  console.error(`interop: ${message}`)
  process.exit(1)
}

function within(ms, what, promise) {
  return Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)),
  ])
}

async function waitFor(ms, what, check) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (check()) return
    await new Promise(r => setTimeout(r, 50))
  }
  fail(`timed out waiting for ${what}`)
}

const login = await fetch(`${base}/api/v1/session`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ username, password, bearer: true }),
})
if (!login.ok) fail(`login failed: ${login.status} ${await login.text()}`)
const session = await login.json()
const syncUrl = `${base.replace(/^http/, "ws")}/api/v1/sync?access_token=${session.token}`
const url = `automerge:${documentId}`

// Connects a third stock adapter, says `leave` through it and reports how the server ended
// the connection: its close code and any protocol error it sent first.
async function cleanDisconnect() {
  const adapter = new WebSocketClientAdapter(syncUrl)
  new Repo({ network: [adapter] })
  await waitFor(15000, "the server's `peer` answer", () => Boolean(adapter.remotePeerId))
  const errors = []
  adapter.socket.addEventListener("message", event => {
    const message = cbor.decode(new Uint8Array(event.data))
    if (message.type === "error") errors.push(message.message)
  })
  const closed = new Promise(resolve =>
    adapter.socket.addEventListener("close", event => resolve(event.code)),
  )
  adapter.send({ type: "leave", senderId: adapter.peerId })
  const code = await within(15000, "the close after `leave`", closed)
  return { code, errors }
}

try {
  const repo = new Repo({ network: [new WebSocketClientAdapter(syncUrl)] })
  const handle = await within(15000, "find", repo.find(url))
  const doc = handle.doc()
  // Rounds stores short fields as scalar strings: automerge shows them as ImmutableString.
  const text = value => (value && typeof value === "object" && "val" in value ? value.val : value)
  const accountName = text(doc.account?.name)
  if (typeof accountName !== "string") fail("the account profile is missing")
  if (!doc.visits || !doc.visits[visitId]) fail("the visit the Rust client wrote is missing")
  const purpose = text(doc.visits[visitId].purpose)

  // The server takes changes only from an actor that names the user: the user's 16-byte
  // id, then 8 bytes for this device.
  const device = [...crypto.getRandomValues(new Uint8Array(8))]
    .map(b => b.toString(16).padStart(2, "0"))
    .join("")
  const actor = session.user.id.replaceAll("-", "") + device
  handle.update(d => A.clone(d, { actor }))

  const contactId = crypto.randomUUID()
  const now = new Date()
  handle.change(d => {
    d.contacts[contactId] = {
      name: "陈工 (JS)",
      department: "设备科",
      title: "工程师",
      phone: "13700000000",
      roles: { technical_buyer: true },
      notes: "来自 automerge-repo",
      created_at: now,
      created_by: session.user.id,
      updated_at: now,
      updated_by: session.user.id,
    }
  })

  // A second repo with no storage can only learn the contact from the server.
  const fresh = new Repo({ network: [new WebSocketClientAdapter(syncUrl)] })
  const check = await within(15000, "second find", fresh.find(url))
  await waitFor(15000, "the contact to reach the server", () => Boolean(check.doc().contacts?.[contactId]))

  const leave = await cleanDisconnect()
  console.log(JSON.stringify({ contactId, accountName, purpose, leave }))
  process.exit(0)
} catch (e) {
  fail(e.message)
}
