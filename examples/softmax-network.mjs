// A complete, self-contained implementation of the networks of SPEC §2–3, in plain JavaScript, for
// `softmax-ntk verify --impl examples/softmax-network.mjs`. It imports nothing from the suite.
//
// Shapes (SPEC §1), all matrices as arrays of rows (number[][]):
//   X  n×d  (row i is the input x_i)          Y  n×d  (row i is the target y_i)
//   W  d×m  (column r is the neuron w_r)      A  d×m  (row ℓ is the output weight vector a_ℓ)
//   F  n×d  with F[i][ℓ] = F(W, x_i)_ℓ        gradient  d×m, ∂L/∂W[k][r]
//   H  nd×nd, output-major: row/column (ℓ, i) has index ℓ·n + i.
// opts = { activation: "softmax" | "exp" | "relu", scale: "m" | "sqrt" }.

/** Output multiplier c: softmax c = m (scale "m") or √m (scale "sqrt"); exp and ReLU c = 1/√m whatever the scale. */
function multiplier(activation, scale, m) {
  if (activation === "softmax") return scale === "m" ? m : Math.sqrt(m);
  return 1 / Math.sqrt(m);
}

/** Pre-activations u_r = ⟨w_r, x⟩ of one input x (length d) for W (d×m). */
function preactivations(x, W) {
  const m = W[0].length;
  const u = new Array(m).fill(0);
  for (let k = 0; k < x.length; k++) for (let r = 0; r < m; r++) u[r] += x[k] * W[k][r];
  return u;
}

/** Hidden features Φ(u): softmax with the max-shift (finite for any finite u), exp, or ReLU. */
function features(u, activation) {
  if (activation === "relu") return u.map((v) => (v > 0 ? v : 0));
  if (activation === "exp") return u.map(Math.exp);
  const max = Math.max(...u);
  const e = u.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/** φ'(u) for exp and ReLU (φ'(0) := 0). */
function derivative(u, activation) {
  return activation === "exp" ? u.map(Math.exp) : u.map((v) => (v > 0 ? 1 : 0));
}

/** ⟨a, b⟩. */
function dot(a, b) {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/**
 * D[ℓ][r] = ∂F_ℓ(x)/∂⟨w_r, x⟩ / c for one input: softmax S_r (a_{ℓ,r} − ⟨a_ℓ, S⟩) (the centring term comes from the
 * normalisation), exp / ReLU a_{ℓ,r} φ'(u_r). The Jacobian is ∂F_ℓ(x)/∂W[k][r] = c · D[ℓ][r] · x_k.
 */
function neuronDerivatives(x, W, A, activation) {
  const u = preactivations(x, W);
  if (activation === "softmax") {
    const S = features(u, "softmax");
    return A.map((a) => {
      const centre = dot(a, S);
      return a.map((alr, r) => S[r] * (alr - centre));
    });
  }
  const dphi = derivative(u, activation);
  return A.map((a) => a.map((alr, r) => alr * dphi[r]));
}

/** Outputs F (n×d): F[i][ℓ] = c · Σ_r a_{ℓ,r} Φ_r(x_i). */
function forward(X, W, A, opts) {
  const m = W[0].length;
  const c = multiplier(opts.activation, opts.scale, m);
  return X.map((x) => {
    const phi = features(preactivations(x, W), opts.activation);
    return A.map((a) => c * dot(a, phi));
  });
}

/** ∇_W L (d×m) of L = ½ Σ_{i,ℓ} (F[i][ℓ] − Y[i][ℓ])²: Σ_{i,ℓ} (F − Y)[i][ℓ] · c · D_i[ℓ][r] · x_i[k]. */
function gradient(X, Y, W, A, opts) {
  const d = W.length;
  const m = W[0].length;
  const c = multiplier(opts.activation, opts.scale, m);
  const F = forward(X, W, A, opts);
  const grad = Array.from({ length: d }, () => new Array(m).fill(0));
  X.forEach((x, i) => {
    const D = neuronDerivatives(x, W, A, opts.activation);
    for (let r = 0; r < m; r++) {
      let q = 0;
      for (let l = 0; l < d; l++) q += (F[i][l] - Y[i][l]) * D[l][r];
      for (let k = 0; k < d; k++) grad[k][r] += c * q * x[k];
    }
  });
  return grad;
}

/**
 * Empirical NTK H (nd×nd, output-major) of SPEC §3, always the kernel of the √m-scaled softmax network (exp and
 * ReLU: the 1/√m network), whatever opts.scale says: H[(ℓ1,i)][(ℓ2,j)] = ⟨x_i, x_j⟩ · Σ_r G[(ℓ1,i)][r] G[(ℓ2,j)][r],
 * G[(ℓ,i)][r] = √m · D_i[ℓ][r] (softmax) or D_i[ℓ][r] / √m (exp, ReLU).
 */
function ntk(X, W, A, opts) {
  const n = X.length;
  const d = W.length;
  const m = W[0].length;
  const factor = opts.activation === "softmax" ? Math.sqrt(m) : 1 / Math.sqrt(m);
  const G = new Array(n * d);
  X.forEach((x, i) => {
    const D = neuronDerivatives(x, W, A, opts.activation);
    for (let l = 0; l < d; l++) G[l * n + i] = D[l].map((v) => factor * v); // output-major row ℓ·n + i
  });
  const N = n * d;
  const H = Array.from({ length: N }, () => new Array(N).fill(0));
  for (let a = 0; a < N; a++) {
    for (let b = 0; b <= a; b++) {
      const value = dot(X[a % n], X[b % n]) * dot(G[a], G[b]);
      H[a][b] = value;
      H[b][a] = value; // exactly symmetric
    }
  }
  return H;
}

export default { name: "example softmax network", forward, gradient, ntk };
