import Foundation

/// The chat page (`/chat`). With a model it is a form that posts to `/api/chat` and renders the
/// streamed events as they arrive (plain JavaScript: `fetch` and a `ReadableStream` reader that
/// parses the server-sent events; every text the model or a tool wrote is inserted as text, never
/// as HTML). Without one it says how to configure one, and a "Test connection" button asks the
/// server to try the model the configuration names (`POST /api/chat/test`).
public enum ChatView {
    /// What the setup instructions name: the configuration file, an example and the variables.
    public struct Setup: Sendable {
        /// Path of the model configuration file the server reads, e.g. "~/.config/yuheng/llm.json".
        public var configFile: String
        /// An example configuration file's JSON, shown for copying.
        public var example: String
        /// The `YUHENG_LLM_*` environment variables and what each sets.
        public var environment: [(name: String, meaning: String)]
        /// Setup instructions.
        public init(configFile: String, example: String, environment: [(name: String, meaning: String)]) {
            self.configFile = configFile
            self.example = example
            self.environment = environment
        }
    }

    /// The page with a model: the conversation, the form and the agents to choose from (name, title).
    public static func configured(model: String, agents: [(name: String, title: String)]) -> String {
        let esc = HTML.esc
        let options = agents.map { "<option value=\"\(esc($0.name))\">\(esc($0.name)) — \(esc($0.title))</option>" }.joined()
        return """
            <style>
            #conversation .turn{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;margin:10px 0}
            #conversation .user{background:#eef3f8} .turn .meta{color:#666;font-size:13px} .turn .tools{font-family:monospace;font-size:12px;color:#333;margin:6px 0;padding-left:18px}
            .turn .answer{white-space:pre-wrap;margin:8px 0} .bad{color:#b00} .ok{color:#2a7a2a} .turn .sources{font-size:12px;color:#555}
            </style>
            <h1>Ask Yuheng</h1>
            <p class="muted">Model <code id="chat-model">\(esc(model))</code>. A router hands the question to a specialist that answers with Yuheng's read-only tools; every number of the answer is checked against the tool results. <button type="button" id="chat-test">Test connection</button> <span id="chat-test-result" class="muted"></span></p>
            <div id="conversation"></div>
            <form class="card" id="chat-form" action="/api/chat" method="post">
            <textarea id="message" name="message" rows="3" placeholder="e.g. How much CO2 is embodied in China's exports?"></textarea>
            <p><label>Agent <select id="agent" name="agent"><option value="">auto (router)</option>\(options)</select></label>
            <button type="submit" id="send">Send</button> <button type="button" id="reset">New conversation</button> <span id="chat-status" class="muted"></span></p>
            </form>
            """
    }

    /// The page without a usable model: why, how to configure one, and the connection test.
    public static func setup(problem: String?, _ s: Setup) -> String {
        let esc = HTML.esc
        let vars = s.environment.map { "<li><code>\($0.name)</code>: \(esc($0.meaning))</li>" }.joined()
        let why =
            problem.map { "<p class=\"bad\" id=\"chat-problem\">The configuration cannot be used: \(esc($0))</p>" }
            ?? "<p>No language model is configured.</p>"
        return """
            <h1>Ask Yuheng</h1>
            <div class="card" id="chat">\(why)
            <p>The chat needs an OpenAI-compatible server with function calling (a local llama.cpp, Ollama or vLLM server, or a hosted API). Write <code id="chat-config-file">\(esc(s.configFile))</code>, e.g.</p>
            <pre>\(esc(s.example))</pre>
            <p>or set these variables for <code>yuheng serve</code>:</p><ul>\(vars)</ul>
            <p>then restart <code>yuheng serve</code>. See <code>docs/agents.md</code>.</p>
            <p>After writing the file, check it from here: <button type="button" id="chat-test">Test connection</button> <span id="chat-test-result" class="muted"></span></p></div>
            """
    }

    /// The connection test's script (both pages): posts to `/api/chat/test` and says the outcome.
    public static let testScript = #"""
        (function(){
          var button=document.getElementById('chat-test'), out=document.getElementById('chat-test-result');
          if(!button) return;
          button.onclick=function(){
            button.disabled=true; out.className='muted'; out.textContent='testing…';
            fetch('/api/chat/test',{method:'POST'}).then(function(r){return r.json();}).then(function(d){
              out.className=d.ok?'ok':'bad'; out.setAttribute('data-ok',d.ok?'yes':'no');
              out.textContent=d.message+(d.advice?' '+d.advice:'');
            }).catch(function(e){ out.className='bad'; out.textContent=String(e); }).then(function(){ button.disabled=false; });
          };
          button.setAttribute('data-ready','yes');
        })();
        """#

    /// The chat page's script: posts the conversation to `/api/chat`, reads the server-sent events and shows the agents' steps and answer.
    public static let script = #"""
        (function(){
          var form=document.getElementById('chat-form'), log=document.getElementById('conversation');
          var input=document.getElementById('message'), agentSel=document.getElementById('agent');
          var send=document.getElementById('send'), status=document.getElementById('chat-status');
          var history=[];
          function el(tag, cls, text){var e=document.createElement(tag); if(cls) e.className=cls; if(text!=null) e.textContent=text; return e;}
          function parseBlock(block){
            var name='message', data=[];
            block.split('\n').forEach(function(line){
              if(line.indexOf('event:')===0) name=line.slice(6).trim();
              else if(line.indexOf('data:')===0) data.push(line.slice(5).replace(/^ /,''));
            });
            var d=data.join('\n'); try{ d=JSON.parse(d); }catch(e){ d={text:d}; }
            return {name:name, data:d};
          }
          function numbers(list){ return (list||[]).map(function(g){ return g.text; }).join(', '); }
          document.getElementById('reset').onclick=function(){ history=[]; log.textContent=''; status.textContent='(new conversation)'; };
          status.textContent='ready';
          form.onsubmit=function(ev){
            ev.preventDefault();
            var question=input.value.trim(); if(!question) return;
            var turn=el('div','turn user'); turn.appendChild(el('b',null,'You: ')); turn.appendChild(el('span',null,question)); log.appendChild(turn);
            var box=el('div','turn assistant'); var meta=el('div','meta','…'); var tools=el('ul','tools'); var answer=el('div','answer');
            var check=el('div','meta'); var sources=el('div','sources'); box.appendChild(meta); box.appendChild(tools); box.appendChild(answer); box.appendChild(check); box.appendChild(sources);
            log.appendChild(box);
            var body={message:question, history:history.slice(-20)}; if(agentSel.value) body.agent=agentSel.value;
            input.value=''; send.disabled=true; status.textContent='working…';
            var final=null;
            function handle(e){
              var d=e.data;
              if(e.name==='start'){ meta.textContent='model '+d.model+(d.agent?', agent '+d.agent:''); }
              else if(e.name==='routed'){ meta.textContent='agent: '+d.agent+' ('+d.method+': '+d.reason+')'; }
              else if(e.name==='tool_call'){ tools.appendChild(el('li','call','→ '+d.name+' '+JSON.stringify(d.arguments))); }
              else if(e.name==='tool_result'){ tools.appendChild(el('li',d.error?'result bad':'result','← '+d.summary+' ('+Number(d.duration_s).toFixed(2)+' s)')); }
              else if(e.name==='content'){ answer.textContent+=d.text; }
              else if(e.name==='note'){ tools.appendChild(el('li','note',d.text)); }
              else if(e.name==='answer'){
                final=d; answer.textContent=d.answer;
                var g=d.grounding||{}; var bad=(g.unsupported||[]).length;
                check.className='meta '+(bad?'bad':'ok');
                check.textContent=(g.supported||[]).length+' numbers match tool results'+(bad?'; not found in any tool result: '+numbers(g.unsupported):'')+' — '+d.agent+' agent, '+d.steps+' steps, stop: '+d.stop_reason;
                if((d.citations||[]).length){ sources.textContent='Sources: '+d.citations.map(function(c){ return c.dataset_id+' '+c.version+' ('+c.licence+')'; }).join('; '); }
              }
              else if(e.name==='error'){ box.appendChild(el('div','bad',d.code+': '+d.message)); }
              else if(e.name==='end'){ status.textContent=(d.status==='error'?'failed':'done'); }
            }
            fetch('/api/chat'+location.search,{method:'POST',headers:{'Content-Type':'application/json','Accept':'text/event-stream'},body:JSON.stringify(body)})
            .then(function(r){
              if(!r.ok){ return r.json().then(function(d){ var m=(d.error&&d.error.message)||('HTTP '+r.status); box.appendChild(el('div','bad',m)); status.textContent='failed'; }); }
              var reader=r.body.getReader(), decoder=new TextDecoder(), buffer='';
              function pump(){
                return reader.read().then(function(x){
                  if(x.done){ if(buffer.trim()) handle(parseBlock(buffer)); return; }
                  buffer+=decoder.decode(x.value,{stream:true}).replace(/\r\n/g,'\n');
                  var i; while((i=buffer.indexOf('\n\n'))>=0){ var block=buffer.slice(0,i); buffer=buffer.slice(i+2); if(block.trim()) handle(parseBlock(block)); }
                  return pump();
                });
              }
              return pump();
            })
            .catch(function(err){ box.appendChild(el('div','bad',String(err))); status.textContent='failed'; })
            .then(function(){
              send.disabled=false;
              if(final){ history.push({role:'user',content:question}); history.push({role:'assistant',content:final.answer}); }
            });
          };
        })();
        """#
}
