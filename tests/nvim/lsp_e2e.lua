-- End-to-end test of `astc lsp` with a real LSP client: Neovim's built-in one (0.7 API).
--
--   ASTC_BIN=target/debug/astc ASTC_PROJECT=/tmp/site \
--     nvim --headless -u NONE -i NONE -n -c 'luafile tests/nvim/lsp_e2e.lua'
--
-- ASTC_PROJECT must hold `src/components/Card.astral` (with a `Props` interface) and
-- `src/pages/index.astral`, which imports it, uses `<Card`, leaves a `<section>` unclosed
-- (E0106) and uses an unknown `<Missing />` (E0401) on a line of its own (tests/e2e/nvim.rs
-- writes them). Expected positions come from searching the page's text.
--
-- Prints `PASS` and quits with status 0, or prints `FAIL: reason` and quits with `:cq`
-- (status 1). Every wait is bounded by one global deadline, so it never hangs.

local TIMEOUT_MS = 30000
local started = vim.loop.now()

local function say(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function remaining()
  return math.max(0, TIMEOUT_MS - (vim.loop.now() - started))
end

-- Failures are errors carrying this table, so `pcall` around the whole test tells them
-- apart from bugs in this script (reported with a traceback).
local Failure = {}
local function fail(reason)
  error(setmetatable({ reason = reason }, Failure), 0)
end

local function check(condition, reason, ...)
  if not condition then
    fail(string.format(reason, ...))
  end
end

-- Waits (processing events) until `predicate()` is true; fails with `what` after the
-- global deadline.
local function wait_for(what, predicate)
  if not vim.wait(remaining(), predicate, 10) then
    fail(string.format('timed out (%d ms) waiting for %s', TIMEOUT_MS, what))
  end
end

-- Safety net: a libuv timer fires even if something blocks outside `vim.wait`.
local watchdog = vim.loop.new_timer()
watchdog:start(TIMEOUT_MS + 5000, 0, function()
  io.stdout:write('FAIL: global timeout (watchdog)\n')
  io.stdout:flush()
  os.exit(1)
end)

local function run()
  local bin = os.getenv('ASTC_BIN')
  local root = os.getenv('ASTC_PROJECT')
  check(bin and bin ~= '', 'ASTC_BIN is not set')
  check(root and root ~= '', 'ASTC_PROJECT is not set')
  check(vim.fn.executable(bin) == 1, 'ASTC_BIN=%s is not executable', bin)
  root = vim.fn.fnamemodify(root, ':p'):gsub('/$', '')
  local page = root .. '/src/pages/index.astral'
  local card = root .. '/src/components/Card.astral'
  check(vim.fn.filereadable(page) == 1, '%s does not exist', page)
  check(vim.fn.filereadable(card) == 1, '%s does not exist', card)

  vim.o.swapfile = false
  vim.o.hidden = true

  -- Raw `publishDiagnostics` notifications, newest last, on top of the default handler
  -- (which feeds `vim.diagnostic`).
  local published = {}
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local exit_status
  local client_id = vim.lsp.start_client({
    name = 'astc',
    cmd = { bin, 'lsp' },
    root_dir = root,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        table.insert(published, result)
        return default_publish(err, result, ctx, config)
      end,
    },
    on_exit = function(code, signal)
      exit_status = { code = code, signal = signal }
    end,
  })
  check(client_id, 'vim.lsp.start_client failed (cmd: %s lsp)', bin)
  local client = vim.lsp.get_client_by_id(client_id)

  wait_for('the server to initialize', function()
    return client.initialized or exit_status ~= nil
  end)
  check(
    exit_status == nil,
    'the server exited during initialization (code %s, signal %s)',
    exit_status and exit_status.code,
    exit_status and exit_status.signal
  )
  local sync = client.server_capabilities.textDocumentSync
  check(
    type(sync) == 'table' and sync.change == 2,
    'the server does not offer incremental sync: %s',
    vim.inspect(sync)
  )

  -- Record what Neovim sends on `didChange`, to check the edits really are incremental.
  local changes = {}
  local notify = client.notify
  client.notify = function(...)
    local args = { ... }
    if args[1] == client then -- method-call style (newer Neovim)
      table.remove(args, 1)
    end
    if args[1] == 'textDocument/didChange' then
      table.insert(changes, args[2])
    end
    return notify(...)
  end

  -- Open the page (Card.astral stays unopened: the server reads it from disk).
  vim.cmd('edit ' .. vim.fn.fnameescape(page))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'astral'
  local uri = vim.uri_from_bufnr(buf)

  -- 0-based (line, byte col) of the first occurrence of `needle`; ASCII text, so the byte
  -- column is also the UTF-16 one.
  local function find(needle)
    for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      local col = line:find(needle, 1, true)
      if col then
        return i - 1, col - 1
      end
    end
    fail(string.format('the page has no %q: unexpected fixture', needle))
  end

  -- Waits for diagnostics of the version Neovim last sent (0 on didOpen, then the
  -- changedtick of each didChange); returns them sorted by position.
  local function diagnostics_now(what)
    local version = vim.lsp.util.buf_versions[buf]
    local latest
    wait_for(what .. ' (version ' .. version .. ')', function()
      for i = #published, 1, -1 do
        local p = published[i]
        if p.uri == uri and (p.version == nil or p.version == version) then
          latest = p
          return true
        end
      end
      return false
    end)
    check(latest.version == version, 'diagnostics without version %d', version)
    local got = vim.diagnostic.get(buf)
    table.sort(got, function(a, b)
      return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
    end)
    check(
      #got == #latest.diagnostics,
      'vim.diagnostic has %d diagnostics, the server published %d',
      #got,
      #latest.diagnostics
    )
    return got
  end

  local function describe(diagnostics)
    local parts = {}
    for _, d in ipairs(diagnostics) do
      table.insert(parts, string.format('%s@%d:%d %s', tostring(d.code), d.lnum, d.col, vim.inspect(d.message)))
    end
    return '[' .. table.concat(parts, ', ') .. ']'
  end

  local function expect(diagnostics, expected)
    check(
      #diagnostics == #expected,
      'expected %d diagnostics, got %s',
      #expected,
      describe(diagnostics)
    )
    for i, e in ipairs(expected) do
      local d = diagnostics[i]
      check(
        d.code == e.code and d.lnum == e.line and d.col == e.col and d.end_lnum == e.line
          and d.end_col == e.col + e.len and d.severity == vim.diagnostic.severity.ERROR,
        'expected %s at %d:%d-%d:%d, got %s',
        e.code,
        e.line,
        e.col,
        e.line,
        e.col + e.len,
        describe(diagnostics)
      )
    end
  end

  check(vim.lsp.buf_attach_client(buf, client_id), 'buf_attach_client failed')

  -- 1. The unclosed `<section>` (E0106, on its start tag) and the unknown `<Missing>`
  --    (E0401, on its name).
  local section_line, section_col = find('<section>')
  local missing_line, missing_col = find('<Missing />')
  expect(diagnostics_now('diagnostics after didOpen'), {
    { code = 'E0106', line = section_line, col = section_col, len = #'<section>' },
    { code = 'E0401', line = missing_line, col = missing_col + 1, len = #'Missing' },
  })

  -- 2. Delete the `<Missing />` line: only the E0106 is left, at the same place.
  vim.api.nvim_buf_set_lines(buf, missing_line, missing_line + 1, false, {})
  expect(diagnostics_now('diagnostics after deleting <Missing />'), {
    { code = 'E0106', line = section_line, col = section_col, len = #'<section>' },
  })

  -- 3. Close the section before `</main>`: no diagnostics left.
  local main_end = find('</main>')
  vim.api.nvim_buf_set_lines(buf, main_end, main_end, false, { '  </section>' })
  expect(diagnostics_now('diagnostics after closing <section>'), {})

  check(#changes >= 2, 'expected 2 didChange notifications, saw %d', #changes)
  for _, change in ipairs(changes) do
    for _, event in ipairs(change.contentChanges) do
      check(event.range ~= nil, 'a full-text didChange was sent: %s', vim.inspect(change))
    end
  end

  -- Requests go to the server directly, bounded by the global deadline.
  local function request(method, params)
    local done, err, result
    local ok = client.request(method, params, function(e, r)
      done, err, result = true, e, r
    end, buf)
    check(ok, '%s could not be sent', method)
    wait_for('the answer to ' .. method, function()
      return done
    end)
    check(err == nil, '%s failed: %s', method, vim.inspect(err))
    return result
  end

  local card_line, card_col = find('<Card')
  local at_card = {
    textDocument = { uri = uri },
    position = { line = card_line, character = card_col + 2 },
  }

  -- 4. Hover on `<Card`: the component's file and its `Props`.
  local hover = request('textDocument/hover', at_card)
  check(hover and hover ~= vim.NIL and hover.contents, 'no hover on <Card at %d:%d', card_line, card_col + 2)
  local contents = hover.contents
  local text = type(contents) == 'string' and contents or contents.value or vim.inspect(contents)
  check(text:find('Card.astral', 1, true), 'the hover does not name Card.astral: %s', vim.inspect(text))
  check(text:find('interface Props', 1, true), 'the hover lacks the Props interface: %s', vim.inspect(text))
  check(text:find('title: string', 1, true), 'the hover lacks the Props fields: %s', vim.inspect(text))
  if hover.range then
    local s, e = hover.range.start, hover.range['end']
    check(
      s.line == card_line and s.character == card_col + 1 and e.line == card_line
        and e.character == card_col + #'<Card',
      'the hover range is not the tag name `Card`: %s',
      vim.inspect(hover.range)
    )
  end

  -- 5. Definition of `<Card` and of the import path: the component file.
  local function expect_card_location(result, from)
    check(result ~= nil and result ~= vim.NIL, 'no definition from %s', from)
    local location = result
    if vim.tbl_islist(result) then
      check(#result == 1, 'expected one definition from %s, got %s', from, vim.inspect(result))
      location = result[1]
    end
    local target = location.uri or location.targetUri
    check(
      type(target) == 'string' and vim.endswith(target, 'src/components/Card.astral'),
      'the definition from %s is %s, not src/components/Card.astral',
      from,
      vim.inspect(target)
    )
    check(
      vim.uri_to_fname(target) == card,
      'the definition from %s is %s, not %s',
      from,
      vim.uri_to_fname(target),
      card
    )
  end
  expect_card_location(request('textDocument/definition', at_card), 'the <Card tag')
  local import_line, import_col = find('../components/Card.astral')
  expect_card_location(
    request('textDocument/definition', {
      textDocument = { uri = uri },
      position = { line = import_line, character = import_col + 3 },
    }),
    'the import path'
  )

  -- 6. A clean shutdown: `shutdown`, `exit`, and the server process ends with status 0.
  client.stop()
  wait_for('the server to exit after shutdown', function()
    return exit_status ~= nil
  end)
  check(
    exit_status.code == 0 and exit_status.signal == 0,
    'the server exited with code %s, signal %s',
    exit_status.code,
    exit_status.signal
  )
end

local ok, err = xpcall(run, function(e)
  if getmetatable(e) == Failure then
    return e
  end
  return debug.traceback(tostring(e), 2)
end)
watchdog:stop()
watchdog:close()
if ok then
  say(string.format('PASS (%d ms)', vim.loop.now() - started))
  vim.cmd('qa!')
else
  say('FAIL: ' .. (getmetatable(err) == Failure and err.reason or ('error in the test: ' .. tostring(err))))
  vim.cmd('cq')
end
