// A minimal widget frontend: @jupyterlab/services talks to a Jupyter server and its jcnn kernel,
// @jupyter-widgets/html-manager (with the controls JupyterLab and Voila use) draws the widgets.
// widgets_browser_test.py opens page.html?token=...&kernel=... in headless Chromium and calls
// window.jcnn.run(code) to execute a cell; widget views go into the page, other outputs into
// window.jcnn.outputs.
import * as base from '@jupyter-widgets/base';
import { HTMLManager } from '@jupyter-widgets/html-manager';
import { KernelManager, KernelMessage, ServerConnection } from '@jupyterlab/services';
import '@jupyter-widgets/controls/css/widgets.css';

const VIEW_MIME = 'application/vnd.jupyter.widget-view+json';

/** The html-manager on a live kernel, as in ipywidgets' examples/web3. */
class WidgetManager extends HTMLManager {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(this.comm_target_name, async (comm, msg) => {
      const oldComm = new base.shims.services.Comm(comm);
      await this.handle_comm_open(oldComm, msg);
    });
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) {
      comm.open(data, metadata, buffers);
    }
    return new base.shims.services.Comm(comm);
  }

  _get_comm_info() {
    return this.kernel.requestCommInfo({ target_name: this.comm_target_name }).then((reply) => reply.content.comms);
  }
}

const state = { ready: false, error: null, outputs: [], cells: 0 };
window.jcnn = state;

async function main() {
  const params = new URLSearchParams(window.location.search);
  const settings = ServerConnection.makeSettings({
    baseUrl: window.location.origin + '/',
    wsUrl: 'ws://' + window.location.host + '/',
    token: params.get('token'),
    appendToken: true,
  });
  const kernels = new KernelManager({ serverSettings: settings });
  const kernel = await kernels.startNew({ name: params.get('kernel') || 'jcnn' });
  const manager = new WidgetManager(kernel);
  const area = document.getElementById('cells');

  /** Runs one cell; resolves with the reply status once the kernel is idle again. */
  state.run = (code) => {
    const cell = document.createElement('div');
    cell.className = 'cell';
    cell.id = 'cell-' + ++state.cells;
    area.appendChild(cell);
    const future = kernel.requestExecute({ code });
    future.onIOPub = async (msg) => {
      const type = msg.header.msg_type;
      if (type === 'display_data' || type === 'execute_result') {
        const view = msg.content.data[VIEW_MIME];
        if (view && view.version_major === 2 && manager.has_model(view.model_id)) {
          const model = await manager.get_model(view.model_id);
          await manager.display_view(manager.create_view(model), cell);
        } else {
          state.outputs.push(msg.content.data['text/plain'] || '');
        }
      } else if (type === 'stream') {
        state.outputs.push(msg.content.text);
      } else if (type === 'error') {
        state.outputs.push(msg.content.ename + ': ' + msg.content.evalue);
      }
    };
    return future.done.then((reply) => reply.content.status);
  };
  /**
   * Draws a widget from a notebook's saved widget state (metadata.widgets), with no kernel
   * behind it, as a notebook viewer does; resolves when it is drawn.
   */
  state.renderSaved = async (widgetState, modelId) => {
    const cell = document.createElement('div');
    cell.className = 'cell';
    cell.id = 'cell-' + ++state.cells;
    area.appendChild(cell);
    const offline = new HTMLManager();
    await offline.set_state(widgetState);
    const model = await offline.get_model(modelId);
    await offline.display_view(offline.create_view(model), cell);
    return cell.id;
  };
  state.ready = true;
}

main().catch((e) => {
  state.error = String(e && e.stack ? e.stack : e);
});
