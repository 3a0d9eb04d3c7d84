//! `ApiMap<T>`: one value per [`Api`], indexed by the API.

use core::fmt;
use core::ops::{Index, IndexMut};

use crate::Api;

/// One `T` per [`Api`], in a fixed-size array indexed by [`Api::index`]: the typed replacement
/// for parallel arrays of per-API counters, limits and settings (a new API cannot shift an
/// index, and a lookup cannot miss).
///
/// A few lines over `[T; Api::COUNT]` rather than the `enum-map` crate: it needs no derive on
/// [`Api`] and no dependency in this bottom-layer crate.
///
/// ```
/// use im_proto::{Api, ApiMap};
///
/// let mut calls: ApiMap<u64> = ApiMap::default();
/// calls[Api::Kick] += 2;
/// assert_eq!(calls[Api::Kick], 2);
/// let rates = ApiMap::from_fn(|api| api.metadata().default_calls_per_second);
/// assert_eq!(rates[Api::Kick], 200);
/// assert_eq!(rates.iter().count(), Api::COUNT);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ApiMap<T>([T; Api::COUNT]);

impl<T> ApiMap<T> {
    /// A map with `f(api)` for every API.
    pub fn from_fn(mut f: impl FnMut(Api) -> T) -> Self {
        ApiMap(core::array::from_fn(|i| f(Api::ALL[i])))
    }

    /// The value of `api`.
    pub fn get(&self, api: Api) -> &T {
        &self.0[api.index()]
    }

    /// The value of `api`, mutably.
    pub fn get_mut(&mut self, api: Api) -> &mut T {
        &mut self.0[api.index()]
    }

    /// Every API with its value, in [`Api::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Api, &T)> + '_ {
        Api::ALL.into_iter().zip(self.0.iter())
    }

    /// Every value, mutably, with its API.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (Api, &mut T)> + '_ {
        Api::ALL.into_iter().zip(self.0.iter_mut())
    }

    /// The map with `f` applied to every value.
    pub fn map<U>(self, mut f: impl FnMut(Api, T) -> U) -> ApiMap<U> {
        let mut apis = Api::ALL.into_iter();
        ApiMap(
            self.0
                .map(|value| f(apis.next().unwrap_or(Api::ALL[0]), value)),
        )
    }
}

impl<T: Default> Default for ApiMap<T> {
    fn default() -> Self {
        ApiMap::from_fn(|_| T::default())
    }
}

impl<T> Index<Api> for ApiMap<T> {
    type Output = T;

    fn index(&self, api: Api) -> &T {
        self.get(api)
    }
}

impl<T> IndexMut<Api> for ApiMap<T> {
    fn index_mut(&mut self, api: Api) -> &mut T {
        self.get_mut(api)
    }
}

impl<T: fmt::Debug> fmt::Debug for ApiMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_the_api_of_each_value() {
        let names = ApiMap::from_fn(|api| api).map(|api, value| (api, value.as_str()));
        for (api, (inner, name)) in names.iter() {
            assert_eq!(api, *inner);
            assert_eq!(*name, api.as_str());
        }
        let debug = format!("{:?}", ApiMap::<u8>::default());
        assert!(debug.starts_with("{AccountImport: 0"), "{debug}");
    }
}
